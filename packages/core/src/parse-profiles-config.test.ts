import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseProfilesConfig, ProfilesConfigError } from "./parse-profiles-config.ts";
import { BUILT_IN_PROFILES } from "./profiles-config.ts";

const shipped: unknown = JSON.parse(readFileSync(new URL("../../../config/llm-profiles.json", import.meta.url), "utf8"));

function valid() {
  return {
    defaultProfile: "fast",
    profiles: {
      fast: { candidates: [{ provider: "openai", model: "gpt-5.4-mini" }, { provider: "anthropic", model: "claude-haiku-5" }] },
      frontier: { candidates: [{ provider: "anthropic", model: "claude-opus-5" }], cacheTtlSeconds: 0, description: "best" },
    },
    modes: { coaching: "frontier" },
    surfaces: { trips: "fast" },
  };
}

type Config = ReturnType<typeof valid>;

function messageFor(edit: (config: Config) => void): string {
  const config = valid();
  edit(config);
  try {
    parseProfilesConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfilesConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the config to be refused");
}

describe("parseProfilesConfig", () => {
  it("accepts the shipped config, which defines every built-in profile", () => {
    const config = parseProfilesConfig(shipped);
    expect(config.defaultProfile).toBe("compat");
    expect(Object.keys(config.profiles)).toEqual(expect.arrayContaining([...BUILT_IN_PROFILES]));
    expect(config.embeddings?.defaultProfile).toBe("compat");
  });

  /** A valid config as parsed: pins in their object form. */
  const parsed = () => ({ ...valid(), modes: { coaching: { profile: "frontier" } }, surfaces: { trips: { profile: "fast" } } });

  it("returns a clean copy of a valid config", () => {
    expect(parseProfilesConfig({ ...valid(), $comment: "ignored" })).toEqual(parsed());
  });

  it("accepts the JSON text itself", () => {
    expect(parseProfilesConfig(JSON.stringify(valid()))).toEqual(parsed());
    expect(() => parseProfilesConfig("{nope")).toThrow(/not valid JSON/);
  });

  it.each([
    ["an unknown provider", (c: Config) => { c.profiles.fast.candidates[1] = { provider: "opneai", model: "x" }; },
      'profiles.fast.candidates[1].provider: unknown provider "opneai" (one of openai, anthropic, google, groq, local, demo)'],
    ["a default that is not a profile", (c: Config) => { c.defaultProfile = "x"; },
      'defaultProfile: "x" is not a profile (defined: fast, frontier)'],
    ["a mode pinned to a missing profile", (c: Config) => { c.modes.coaching = "frontierr"; },
      'modes.coaching: "frontierr" is not a profile (defined: fast, frontier)'],
    ["a surface pinned to a missing profile", (c: Config) => { Object.assign(c, { surfaces: { "my surface": "nope" } }); },
      'surfaces["my surface"]: "nope" is not a profile'],
    ["empty candidates", (c: Config) => { c.profiles.fast.candidates = []; },
      "profiles.fast.candidates: must list at least one candidate"],
    ["an empty model", (c: Config) => { c.profiles.fast.candidates[0] = { provider: "openai", model: " " }; },
      'profiles.fast.candidates[0].model: must be a non-empty string, got " "'],
    ["a non-string model", (c: Config) => { Object.assign(c.profiles.frontier.candidates[0] ?? {}, { model: 5 }); },
      "profiles.frontier.candidates[0].model: must be a non-empty string, got a number"],
    ["a profile name with a slash", (c: Config) => { Object.assign(c.profiles, { "openai/gpt": valid().profiles.fast }); },
      'profiles["openai/gpt"]: profile names must not contain "/"'],
    ["the reserved name direct", (c: Config) => { Object.assign(c.profiles, { direct: valid().profiles.fast }); },
      'profiles.direct: "direct" is reserved'],
    ["a negative cache TTL", (c: Config) => { Object.assign(c.profiles.fast, { cacheTtlSeconds: -1 }); },
      "profiles.fast.cacheTtlSeconds: must be a whole number >= 0"],
    ["a misspelt field", (c: Config) => { Object.assign(c.profiles.fast, { candidate: [] }); },
      "profiles.fast.candidate: unknown field (allowed: candidates, cacheTtlSeconds, description, latencyTargetMs, hedge, disclaimer)"],
    ["no profiles", (c: Config) => { Object.assign(c, { profiles: {} }); },
      "profiles: must define at least one profile"],
    ["candidates that are not an array", (c: Config) => { Object.assign(c.profiles.fast, { candidates: "openai" }); },
      'profiles.fast.candidates: must be an array of {provider, model}, got "openai"'],
    ["an embeddings default that is not an embeddings profile", (c: Config) => {
      Object.assign(c, { embeddings: { defaultProfile: "fast", profiles: { small: { candidates: [{ provider: "openai", model: "text-embedding-3-small" }] } } } });
    }, 'embeddings.defaultProfile: "fast" is not a profile (defined: small)'],
  ])("names the field for %s", (_, edit, expected) => {
    expect(messageFor(edit)).toContain(expected);
  });

  it("refuses what is not an object", () => {
    expect(() => parseProfilesConfig([])).toThrow("profiles config: must be an object, got an array");
  });
});

describe("edge policies in the profiles file", () => {
  const withPolicies = () => ({
    ...valid(),
    profiles: {
      fast: {
        candidates: [{ provider: "openai", model: "gpt-5.4-mini" }, { provider: "local", model: "tiny", degraded: true }],
        latencyTargetMs: 800,
        hedge: { afterMs: 400 },
        disclaimer: "Answered by a smaller model.",
      },
      frontier: { candidates: [{ provider: "anthropic", model: "claude-opus-5" }] },
    },
    providers: { openai: { dailyTokenBudget: 1_000_000 } },
    features: { faq: { cacheTtlSeconds: 600, cacheScope: "shared", semanticCache: { threshold: 0.95, maxEntries: 500 } } },
  });

  it("keeps hedge, latency target, disclaimer, degraded candidates, budgets and features", () => {
    const config = parseProfilesConfig(withPolicies());
    expect(config.profiles.fast).toMatchObject({ latencyTargetMs: 800, hedge: { afterMs: 400 }, disclaimer: "Answered by a smaller model." });
    expect(config.profiles.fast!.candidates[1]).toEqual({ provider: "local", model: "tiny", degraded: true });
    expect(config.providers).toEqual({ openai: { dailyTokenBudget: 1_000_000 } });
    expect(config.features?.faq).toEqual({ cacheTtlSeconds: 600, cacheScope: "shared", semanticCache: { threshold: 0.95, maxEntries: 500 } });
  });

  it.each([
    [(c: ReturnType<typeof withPolicies>) => { (c.profiles.fast.hedge as { afterMs: unknown }).afterMs = "soon"; }, "profiles.fast.hedge.afterMs: must be a whole number >= 1"],
    [(c: ReturnType<typeof withPolicies>) => { (c.providers as Record<string, unknown>).opneai = {}; }, 'providers.opneai: unknown provider "opneai"'],
    [(c: ReturnType<typeof withPolicies>) => { c.features.faq.semanticCache.threshold = 1.5; }, "features.faq.semanticCache.threshold: must be a number in (0, 1]"],
    [(c: ReturnType<typeof withPolicies>) => { (c.features.faq as { cacheScope: string }).cacheScope = "everyone"; }, 'features.faq.cacheScope: must be "user" or "shared"'],
    [(c: ReturnType<typeof withPolicies>) => { (c.profiles.fast.candidates[1] as { degraded: unknown }).degraded = "yes"; }, "profiles.fast.candidates[1].degraded: must be true or false"],
  ])("names the bad field (%#)", (edit, message) => {
    const config = withPolicies();
    edit(config);
    expect(() => parseProfilesConfig(config)).toThrow(message);
  });
});
