import { parseConfig } from "./schemas/config-schema.ts";
import { profilesConfigSchema } from "./schemas/profiles-config-schema.ts";
import type { ProfilesConfig } from "./profiles-config.ts";

/** A profiles config that cannot be used; `path` names the offending field. */
export class ProfilesConfigError extends Error {
  override readonly name = "ProfilesConfigError";
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

const fail = (path: string, message: string): never => {
  throw new ProfilesConfigError(path, message);
};

/**
 * Checks a profiles config (parsed JSON, or the JSON text itself) against
 * `profilesConfigSchema` and returns a clean copy (no `$`-comments). Throws
 * `ProfilesConfigError` naming the first bad field.
 */
export function parseProfilesConfig(json: unknown): ProfilesConfig {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (error) {
      fail("", `profiles config: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return parseConfig(profilesConfigSchema, value, fail, "profiles config");
}
