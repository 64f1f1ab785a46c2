// The same configuration parse the Worker does, run before serving so that a
// bad LLM_PROFILES, timeout or auth setting fails `npm start` with the field named.
import { buildAuthSettings } from "../workers/gateway/src/auth/auth-settings.ts";
import { buildGatewayConfig } from "../workers/gateway/src/config/gateway-config.ts";
import { readKeyring } from "../workers/gateway/src/crypto/read-keyring.ts";
import { readdirSync } from "node:fs";
import { SHIPPED_PROMPT_FILES } from "../workers/gateway/src/prompts/shipped-prompts.ts";

/** The Worker bundles `config/prompts/*.json` by name (it has no file system): a file left off that list would never load. */
function checkShippedPrompts(): void {
  const files = readdirSync(new URL("../config/prompts/", import.meta.url)).filter((file) => file.endsWith(".json"));
  const unlisted = files.filter((file) => !Object.hasOwn(SHIPPED_PROMPT_FILES, file));
  if (unlisted.length > 0) throw new Error(`config/prompts/${unlisted[0]} is not loaded: add it to SHIPPED_PROMPT_FILES in workers/gateway/src/prompts/shipped-prompts.ts`);
}

export async function checkConfig(variables: Record<string, string>): Promise<string | undefined> {
  try {
    buildGatewayConfig(variables);
    buildAuthSettings(variables);
    await readKeyring(variables);
    checkShippedPrompts();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
