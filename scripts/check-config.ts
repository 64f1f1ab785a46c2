// The same configuration parse the Worker does, run before serving so that a
// bad LLM_PROFILES, timeout or auth setting fails `npm start` with the field named.
import { buildAuthSettings } from "../workers/gateway/src/auth/auth-settings.ts";
import { buildGatewayConfig } from "../workers/gateway/src/config/gateway-config.ts";
import { readKeyring } from "../workers/gateway/src/crypto/read-keyring.ts";

export async function checkConfig(variables: Record<string, string>): Promise<string | undefined> {
  try {
    buildGatewayConfig(variables);
    buildAuthSettings(variables);
    await readKeyring(variables);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
