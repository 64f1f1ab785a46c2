// The same configuration parse the Worker does, run before serving so that a
// bad LLM_PROFILES or timeout fails `npm start` with the field named.
import { buildGatewayConfig } from "../workers/gateway/src/config/gateway-config.ts";

export function checkConfig(variables: Record<string, string>): string | undefined {
  try {
    buildGatewayConfig(variables);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
