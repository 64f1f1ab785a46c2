import { isProviderId, PROVIDER_IDS } from "./provider-catalog.ts";
import { DIRECT_PROFILE, type ProfileConfig, type ProfileSet, type ProfilesConfig } from "./profiles-config.ts";
import type { Candidate } from "./route-types.ts";

/** A profiles config that cannot be used; `path` names the offending field. */
export class ProfilesConfigError extends Error {
  override readonly name = "ProfilesConfigError";
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

type JsonObject = Record<string, unknown>;

function fail(path: string, problem: string): never {
  throw new ProfilesConfigError(path, `${path || "profiles config"}: ${problem}`);
}

/** `a.b` for plain keys, `a["odd key"]` otherwise, so every message points at one field. */
function join(parent: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `"${value}"` : `a ${typeof value}`;
}

function object(value: unknown, path: string): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(path, `must be an object, got ${describe(value)}`);
  return value as JsonObject;
}

/** Unknown keys are typos more often than extensions; `$`-keys stay free for comments and `$schema`. */
function onlyKeys(value: JsonObject, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!key.startsWith("$") && !allowed.includes(key)) fail(join(path, key), `unknown field (allowed: ${allowed.join(", ")})`);
  }
}

function text(value: unknown, path: string): string {
  if (typeof value !== "string" || value.trim() === "") fail(path, `must be a non-empty string, got ${describe(value)}`);
  return value;
}

function profileName(name: string, path: string): void {
  if (name.includes("/")) fail(path, `profile names must not contain "/" (that form means provider/model)`);
  if (name === DIRECT_PROFILE) fail(path, `"${DIRECT_PROFILE}" is reserved for provider/model requests`);
  if (!/^[A-Za-z0-9][\w.:-]*$/.test(name)) fail(path, `profile names use letters, digits, ".", "_", ":" and "-" (they travel in headers)`);
}

function parseCandidate(value: unknown, path: string): Candidate {
  const candidate = object(value, path);
  onlyKeys(candidate, path, ["provider", "model"]);
  const provider = text(candidate.provider, join(path, "provider"));
  if (!isProviderId(provider)) fail(join(path, "provider"), `unknown provider "${provider}" (one of ${PROVIDER_IDS.join(", ")})`);
  return { provider, model: text(candidate.model, join(path, "model")) };
}

function parseProfile(value: unknown, path: string): ProfileConfig {
  const profile = object(value, path);
  onlyKeys(profile, path, ["candidates", "cacheTtlSeconds", "description"]);
  const candidatesPath = join(path, "candidates");
  if (!Array.isArray(profile.candidates)) fail(candidatesPath, `must be an array of {provider, model}, got ${describe(profile.candidates)}`);
  if (profile.candidates.length === 0) fail(candidatesPath, "must list at least one candidate");
  const parsed: ProfileConfig = { candidates: profile.candidates.map((item, index) => parseCandidate(item, `${candidatesPath}[${index}]`)) };
  if (profile.cacheTtlSeconds !== undefined) {
    const ttl = profile.cacheTtlSeconds;
    if (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl < 0) {
      fail(join(path, "cacheTtlSeconds"), `must be a whole number of seconds >= 0 (0 = never cached), got ${describe(ttl)}`);
    }
    parsed.cacheTtlSeconds = ttl;
  }
  if (profile.description !== undefined) parsed.description = text(profile.description, join(path, "description"));
  return parsed;
}

function parseProfiles(value: unknown, path: string): Record<string, ProfileConfig> {
  const entries = Object.entries(object(value, path)).filter(([name]) => !name.startsWith("$"));
  if (entries.length === 0) fail(path, "must define at least one profile");
  const profiles: Record<string, ProfileConfig> = {};
  for (const [name, profile] of entries) {
    profileName(name, join(path, name));
    profiles[name] = parseProfile(profile, join(path, name));
  }
  return profiles;
}

function known(name: unknown, path: string, profiles: Record<string, ProfileConfig>): string {
  const value = text(name, path);
  if (!Object.hasOwn(profiles, value)) fail(path, `"${value}" is not a profile (defined: ${Object.keys(profiles).join(", ")})`);
  return value;
}

function parsePins(value: unknown, path: string, profiles: Record<string, ProfileConfig>): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const [key, target] of Object.entries(object(value, path))) {
    if (!key.startsWith("$")) pins[key] = known(target, join(path, key), profiles);
  }
  return pins;
}

function parseSet(value: JsonObject, path: string): Pick<ProfileSet, "defaultProfile" | "profiles"> {
  const profiles = parseProfiles(value.profiles, join(path, "profiles"));
  return { defaultProfile: known(value.defaultProfile, join(path, "defaultProfile"), profiles), profiles };
}

/**
 * Checks a profiles config (parsed JSON, or the JSON text itself) and returns
 * a clean copy. Throws `ProfilesConfigError` naming the first bad field.
 */
export function parseProfilesConfig(json: unknown): ProfilesConfig {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (error) {
      fail("", `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const root = object(value, "");
  onlyKeys(root, "", ["defaultProfile", "profiles", "modes", "surfaces", "embeddings", "description"]);
  const config: ProfilesConfig = parseSet(root, "");
  if (root.modes !== undefined) config.modes = parsePins(root.modes, "modes", config.profiles);
  if (root.surfaces !== undefined) config.surfaces = parsePins(root.surfaces, "surfaces", config.profiles);
  if (root.embeddings !== undefined) {
    const embeddings = object(root.embeddings, "embeddings");
    onlyKeys(embeddings, "embeddings", ["defaultProfile", "profiles"]);
    config.embeddings = parseSet(embeddings, "embeddings");
  }
  return config;
}
