import { isProviderId, PROVIDER_IDS } from "./provider-catalog.ts";
import { describeValue, expectObject, failWith, fieldPath, type Fail, type JsonObject } from "./config-fields.ts";
import {
  DIRECT_PROFILE, type FeatureConfig, type ProfileConfig, type ProfileSet, type ProfilesConfig, type ProviderPolicy,
} from "./profiles-config.ts";
import type { ProviderId } from "./chat-types.ts";
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

const fail: Fail = failWith(ProfilesConfigError, "profiles config");
const join = fieldPath;
const describe = describeValue;
const object = (value: unknown, path: string): JsonObject => expectObject(value, path, fail);

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

function provider(value: string, path: string): ProviderId {
  if (!isProviderId(value)) fail(path, `unknown provider "${value}" (one of ${PROVIDER_IDS.join(", ")})`);
  return value;
}

/** A whole number >= `min`, or undefined when absent. */
function whole(value: unknown, path: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) fail(path, `must be a whole number >= ${min}, got ${describe(value)}`);
  return value;
}

function parseCandidate(value: unknown, path: string): Candidate {
  const candidate = object(value, path);
  onlyKeys(candidate, path, ["provider", "model", "degraded"]);
  const parsed: Candidate = {
    provider: provider(text(candidate.provider, join(path, "provider")), join(path, "provider")),
    model: text(candidate.model, join(path, "model")),
  };
  if (candidate.degraded !== undefined) {
    if (typeof candidate.degraded !== "boolean") fail(join(path, "degraded"), `must be true or false, got ${describe(candidate.degraded)}`);
    parsed.degraded = candidate.degraded;
  }
  return parsed;
}

function parseProfile(value: unknown, path: string): ProfileConfig {
  const profile = object(value, path);
  onlyKeys(profile, path, ["candidates", "cacheTtlSeconds", "description", "latencyTargetMs", "hedge", "disclaimer"]);
  const candidatesPath = join(path, "candidates");
  if (!Array.isArray(profile.candidates)) fail(candidatesPath, `must be an array of {provider, model}, got ${describe(profile.candidates)}`);
  if (profile.candidates.length === 0) fail(candidatesPath, "must list at least one candidate");
  const parsed: ProfileConfig = { candidates: profile.candidates.map((item, index) => parseCandidate(item, `${candidatesPath}[${index}]`)) };
  const ttl = whole(profile.cacheTtlSeconds, join(path, "cacheTtlSeconds"), 0);
  if (ttl !== undefined) parsed.cacheTtlSeconds = ttl;
  if (profile.description !== undefined) parsed.description = text(profile.description, join(path, "description"));
  const latency = whole(profile.latencyTargetMs, join(path, "latencyTargetMs"), 1);
  if (latency !== undefined) parsed.latencyTargetMs = latency;
  if (profile.hedge !== undefined) {
    const hedge = object(profile.hedge, join(path, "hedge"));
    onlyKeys(hedge, join(path, "hedge"), ["afterMs"]);
    const afterPath = join(join(path, "hedge"), "afterMs");
    parsed.hedge = { afterMs: whole(hedge.afterMs, afterPath, 1) ?? fail(afterPath, "is required") };
  }
  if (profile.disclaimer !== undefined) parsed.disclaimer = text(profile.disclaimer, join(path, "disclaimer"));
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

function parseProviders(value: unknown, path: string): Partial<Record<ProviderId, ProviderPolicy>> {
  const policies: Partial<Record<ProviderId, ProviderPolicy>> = {};
  for (const [id, raw] of Object.entries(object(value, path))) {
    if (id.startsWith("$")) continue;
    const policyPath = join(path, id);
    const policy = object(raw, policyPath);
    onlyKeys(policy, policyPath, ["dailyTokenBudget"]);
    const budget = whole(policy.dailyTokenBudget, join(policyPath, "dailyTokenBudget"), 1);
    policies[provider(id, policyPath)] = budget === undefined ? {} : { dailyTokenBudget: budget };
  }
  return policies;
}

function parseFeature(value: unknown, path: string): FeatureConfig {
  const feature = object(value, path);
  onlyKeys(feature, path, ["cacheTtlSeconds", "cacheScope", "semanticCache"]);
  const parsed: FeatureConfig = {};
  const ttl = whole(feature.cacheTtlSeconds, join(path, "cacheTtlSeconds"), 0);
  if (ttl !== undefined) parsed.cacheTtlSeconds = ttl;
  if (feature.cacheScope !== undefined) {
    if (feature.cacheScope !== "user" && feature.cacheScope !== "shared") fail(join(path, "cacheScope"), `must be "user" or "shared", got ${describe(feature.cacheScope)}`);
    parsed.cacheScope = feature.cacheScope;
  }
  if (feature.semanticCache !== undefined) {
    const semanticPath = join(path, "semanticCache");
    const semantic = object(feature.semanticCache, semanticPath);
    onlyKeys(semantic, semanticPath, ["threshold", "maxEntries"]);
    const threshold = semantic.threshold;
    if (typeof threshold !== "number" || threshold <= 0 || threshold > 1) fail(join(semanticPath, "threshold"), `must be a number in (0, 1], got ${describe(threshold)}`);
    const maxEntries = whole(semantic.maxEntries, join(semanticPath, "maxEntries"), 1);
    parsed.semanticCache = maxEntries === undefined ? { threshold } : { threshold, maxEntries };
  }
  return parsed;
}

function parseFeatures(value: unknown, path: string): Record<string, FeatureConfig> {
  const features: Record<string, FeatureConfig> = {};
  for (const [name, feature] of Object.entries(object(value, path))) {
    if (!name.startsWith("$")) features[name] = parseFeature(feature, join(path, name));
  }
  return features;
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
  onlyKeys(root, "", ["defaultProfile", "profiles", "modes", "surfaces", "embeddings", "description", "providers", "features"]);
  const config: ProfilesConfig = parseSet(root, "");
  if (root.modes !== undefined) config.modes = parsePins(root.modes, "modes", config.profiles);
  if (root.surfaces !== undefined) config.surfaces = parsePins(root.surfaces, "surfaces", config.profiles);
  if (root.embeddings !== undefined) {
    const embeddings = object(root.embeddings, "embeddings");
    onlyKeys(embeddings, "embeddings", ["defaultProfile", "profiles"]);
    config.embeddings = parseSet(embeddings, "embeddings");
  }
  if (root.providers !== undefined) config.providers = parseProviders(root.providers, "providers");
  if (root.features !== undefined) config.features = parseFeatures(root.features, "features");
  return config;
}
