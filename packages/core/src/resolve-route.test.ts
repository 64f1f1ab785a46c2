import { describe, expect, it } from "vitest";
import type { ProviderId } from "./chat-types.ts";
import { GatewayError } from "./gateway-error.ts";
import { parseProfilesConfig } from "./parse-profiles-config.ts";
import { resolveRoute, type ResolveRouteInput } from "./resolve-route.ts";

const config = parseProfilesConfig({
  defaultProfile: "compat",
  profiles: {
    compat: { candidates: [{ provider: "openai", model: "gpt-5.4" }, { provider: "anthropic", model: "claude-sonnet-5" }] },
    fast: { candidates: [{ provider: "groq", model: "llama-3.3-70b-versatile" }, { provider: "openai", model: "gpt-5.4-mini" }] },
    frontier: { candidates: [{ provider: "anthropic", model: "claude-opus-5" }, { provider: "openai", model: "gpt-5.4" }] },
    cheap: { candidates: [{ provider: "google", model: "gemini-3-flash" }] },
  },
  modes: { coaching: "frontier" },
  surfaces: { trips: "fast" },
  embeddings: { defaultProfile: "small", profiles: { small: { candidates: [{ provider: "openai", model: "text-embedding-3-small" }] } } },
});

const enabled: ProviderId[] = ["openai", "anthropic", "groq"];

function resolve(input: Partial<ResolveRouteInput> = {}) {
  return resolveRoute({ config, enabled, demoAllowed: true, ...input });
}

function refusal(input: Partial<ResolveRouteInput>): GatewayError {
  try {
    resolve(input);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error("expected resolution to fail");
}

describe("resolveRoute", () => {
  it("resolves a profile name to its enabled candidates in order", () => {
    expect(resolve({ model: "fast" })).toEqual({
      profile: "fast",
      candidates: [{ provider: "groq", model: "llama-3.3-70b-versatile" }, { provider: "openai", model: "gpt-5.4-mini" }],
      reason: "model=fast",
    });
  });

  it("skips candidates whose provider is not enabled", () => {
    expect(resolve({ model: "frontier", enabled: ["openai"] }).candidates).toEqual([{ provider: "openai", model: "gpt-5.4" }]);
  });

  it("resolves provider/model directly, keeping any further slash in the model", () => {
    expect(resolve({ model: "openai/gpt-5.4" })).toEqual({ profile: "direct", candidates: [{ provider: "openai", model: "gpt-5.4" }], reason: "direct" });
    expect(resolve({ model: "local/meta/llama", enabled: ["local"] }).candidates).toEqual([{ provider: "local", model: "meta/llama" }]);
  });

  it("follows the chain: model, preference, mode, surface, default", () => {
    const all = { model: "cheap", preferredModel: "fast", mode: "coaching", surface: "trips", enabled: [...enabled, "google"] as ProviderId[] };
    expect(resolve(all).reason).toBe("model=cheap");
    expect(resolve({ ...all, model: undefined }).reason).toBe("preference:fast");
    expect(resolve({ ...all, model: undefined, preferredModel: undefined }).reason).toBe("mode:coaching->frontier");
    expect(resolve({ surface: "trips" }).reason).toBe("surface:trips->fast");
    expect(resolve({ mode: "unpinned", surface: "unpinned" })).toMatchObject({ profile: "compat", reason: "default:compat" });
    expect(resolve({ model: "  " }).reason).toBe("default:compat");
  });

  it("takes a preferred provider/model, and skips a preference that no longer resolves", () => {
    expect(resolve({ preferredModel: "anthropic/claude-opus-5" })).toMatchObject({ profile: "direct", reason: "preference:direct" });
    expect(resolve({ preferredModel: "retired", mode: "coaching" }).reason).toBe("mode:coaching->frontier");
    expect(resolve({ preferredModel: "google/gemini-3-pro" }).reason).toBe("default:compat");
  });

  it("answers 404 model_not_found for an unknown profile, suggesting provider/model", () => {
    const error = refusal({ model: "gpt-5.4-mini" });
    expect(error).toMatchObject({ status: 404, code: "model_not_found", param: "model" });
    expect(error.message).toBe('The model "gpt-5.4-mini" does not exist. Use a profile (compat, fast, frontier, cheap) or "provider/model". For that model use "openai/gpt-5.4-mini".');
    expect(refusal({ model: "constructor" }).code).toBe("model_not_found");
  });

  it("answers 404 for an unknown provider prefix or a missing model part", () => {
    expect(refusal({ model: "opneai/gpt-5.4" })).toMatchObject({ status: 404, code: "model_not_found", param: "model" });
    expect(refusal({ model: "opneai/gpt-5.4" }).message).toMatch(/^Unknown provider "opneai" in model "opneai\/gpt-5.4": use one of openai, anthropic/);
    expect(refusal({ model: "openai/" }).code).toBe("model_not_found");
  });

  it("answers 503 provider_unavailable for a provider that is not enabled, saying how to enable it", () => {
    const google = refusal({ model: "google/gemini-3-pro" });
    expect(google).toMatchObject({ status: 503, code: "provider_unavailable", param: "model" });
    expect(google.message).toContain("GOOGLE_API_KEY");
    expect(refusal({ model: "local/llama3.2" }).message).toContain("LOCAL_BASE_URL");
  });

  it("addresses demo/... whenever the demo is allowed, and never when it is off", () => {
    expect(resolve({ model: "demo/chorus-demo" }).candidates).toEqual([{ provider: "demo", model: "chorus-demo" }]);
    const off = refusal({ model: "demo/chorus-demo", demoAllowed: false });
    expect(off).toMatchObject({ status: 503, code: "provider_unavailable" });
    expect(off.message).toContain("DEMO_PROVIDER=off");
  });

  it("serves every profile from the demo model when nothing real is configured", () => {
    const demo = { enabled: ["demo"] as ProviderId[] };
    for (const model of ["compat", "fast", "cheap", undefined]) {
      expect(resolve({ ...demo, model }).candidates).toEqual([{ provider: "demo", model: "chorus-demo" }]);
    }
    expect(resolve({ ...demo, model: "fast" }).reason).toBe("model=fast (demo)");
    expect(refusal({ ...demo, model: "openai/gpt-5.4" }).code).toBe("provider_unavailable");
  });

  it("answers 503 no_candidate_available when no candidate of the profile is enabled", () => {
    const error = refusal({ model: "cheap" });
    expect(error).toMatchObject({ status: 503, code: "no_candidate_available" });
    expect(error.message).toBe('No provider of profile "cheap" is enabled (it lists google; enabled: openai, anthropic, groq).');
    expect(refusal({ enabled: [], demoAllowed: false }).message).toContain("enabled: none");
  });

  it("resolves embeddings from their own profiles and demo model", () => {
    expect(resolve({ purpose: "embeddings" })).toMatchObject({ profile: "small", reason: "default:small" });
    expect(resolve({ purpose: "embeddings", enabled: ["demo"] }).candidates).toEqual([{ provider: "demo", model: "chorus-demo-embed" }]);
    const bare = { ...config, embeddings: undefined };
    expect(resolve({ purpose: "embeddings", config: bare, model: "openai/text-embedding-3-large" }).profile).toBe("direct");
    expect(refusal({ purpose: "embeddings", config: bare }).message)
      .toBe('No embeddings profiles are configured: name a profile (compat, fast, frontier, cheap) or a model as "provider/model".');
  });

  describe("embeddings by a profile from `profiles`", () => {
    const withEmbed = parseProfilesConfig({
      defaultProfile: "chat",
      profiles: {
        chat: { candidates: [{ provider: "openai", model: "gpt-5.4" }] },
        embed: { candidates: [{ provider: "openai", model: "text-embedding-3-small" }] },
        small: { candidates: [{ provider: "openai", model: "chat-model-named-small" }] },
      },
    });

    it("serves it when there is no embeddings section", () => {
      expect(resolve({ purpose: "embeddings", config: withEmbed, model: "embed" })).toEqual({
        profile: "embed", candidates: [{ provider: "openai", model: "text-embedding-3-small" }], reason: "model=embed",
      });
    });

    it("serves it beside an embeddings section, whose own profile wins a shared name", () => {
      const both = { ...withEmbed, embeddings: config.embeddings };
      expect(resolve({ purpose: "embeddings", config: both, model: "embed" }).candidates).toEqual([{ provider: "openai", model: "text-embedding-3-small" }]);
      expect(resolve({ purpose: "embeddings", config: both, model: "small" }).candidates).toEqual([{ provider: "openai", model: "text-embedding-3-small" }]);
      expect(resolve({ purpose: "embeddings", config: both }).profile).toBe("small");
    });

    it("never takes the chat default for an embeddings request that names no model", () => {
      expect(refusal({ purpose: "embeddings", config: withEmbed })).toMatchObject({ status: 404, code: "model_not_found" });
    });

    it("names both sets when the profile is unknown", () => {
      expect(refusal({ purpose: "embeddings", model: "nope" }).message).toBe('The model "nope" does not exist. Use a profile (small, compat, fast, frontier, cheap) or "provider/model".');
    });
  });
});
