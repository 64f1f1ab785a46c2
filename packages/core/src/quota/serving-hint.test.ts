import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProviderId } from "../chat-types.ts";
import { GatewayError } from "../gateway-error.ts";
import { parseProfilesConfig } from "../parse-profiles-config.ts";
import { PROVIDER_IDS } from "../provider-catalog.ts";
import { resolveRoute, type ResolveRouteInput } from "../resolve-route.ts";
import { enabledWithOwnKeys, routingSkeleton, servingProvider } from "./serving-hint.ts";

const NAMES = ["compat", "fast", "cheap", "constructor", "mine"];

/** What resolution says with the whole config: the reference the hint must agree with. */
function resolvedFirst(input: ResolveRouteInput): ProviderId | undefined {
  try {
    return resolveRoute(input).candidates[0]?.provider;
  } catch (error) {
    if (error instanceof GatewayError) return undefined;
    throw error;
  }
}

const provider = fc.constantFrom(...PROVIDER_IDS);
const candidates = fc.array(provider, { minLength: 1, maxLength: 4 }).map((ids) => ({ candidates: ids.map((id, index) => ({ provider: id, model: `${id}-${index}` })) }));
const profileTable = fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1 }).chain((names) =>
  fc.record({
    profiles: fc.tuple(...names.map((name) => candidates.map((profile) => [name, profile] as const))).map((entries) => Object.fromEntries(entries)),
    defaultProfile: fc.constantFrom(...names),
    pin: fc.constantFrom(...names),
  }));
const config = fc.tuple(profileTable, profileTable).map(([chat, embeddings]) => parseProfilesConfig({
  defaultProfile: chat.defaultProfile,
  profiles: chat.profiles,
  modes: { coaching: chat.pin },
  surfaces: { trips: chat.defaultProfile },
  embeddings: { defaultProfile: embeddings.defaultProfile, profiles: embeddings.profiles },
}));
const wish = fc.option(fc.oneof(fc.constantFrom(...NAMES, "unknown", " fast ", "  "), provider.map((id) => `${id}/some-model`), fc.constantFrom("nope/x", "openai/")), { nil: undefined });

describe("servingProvider", () => {
  it("agrees with resolveRoute on the whole config, for every preference, own key, request model, pin and purpose", () => {
    fc.assert(fc.property(
      fc.record({
        profilesConfig: config, platform: fc.subarray(PROVIDER_IDS), own: fc.subarray(PROVIDER_IDS), demoAllowed: fc.boolean(),
        model: wish, preferredModel: wish, mode: fc.constantFrom(undefined, "coaching"), surface: fc.constantFrom(undefined, "trips"),
        purpose: fc.constantFrom("chat" as const, "embeddings" as const), withPreference: fc.boolean(),
      }),
      ({ profilesConfig, platform, own, demoAllowed, model, preferredModel, mode, surface, purpose, withPreference }) => {
        const route = { config: routingSkeleton(profilesConfig, purpose), demoAllowed, model, mode, surface, purpose };
        const enabled = enabledWithOwnKeys(platform, own);
        const expected = resolvedFirst({ ...route, config: profilesConfig, enabled, preferredModel: withPreference ? preferredModel : undefined });
        expect(servingProvider({ route, platform, withPreference }, { preferredModel, ownKeyProviders: own })).toBe(expected);
      },
    ), { numRuns: 1000 });
  });

  it("follows the user's preference and own keys", () => {
    const profilesConfig = parseProfilesConfig({ defaultProfile: "compat", profiles: {
      compat: { candidates: [{ provider: "anthropic", model: "a" }, { provider: "openai", model: "b" }] },
      cheap: { candidates: [{ provider: "google", model: "c" }] },
    } });
    const hint = { route: { config: routingSkeleton(profilesConfig), demoAllowed: false }, platform: ["openai", "google"] as ProviderId[], withPreference: true };
    expect(servingProvider(hint, { preferredModel: null, ownKeyProviders: [] })).toBe("openai");
    expect(servingProvider(hint, { preferredModel: null, ownKeyProviders: ["anthropic"] })).toBe("anthropic");
    expect(servingProvider(hint, { preferredModel: "cheap", ownKeyProviders: [] })).toBe("google");
    expect(servingProvider({ ...hint, route: { ...hint.route, model: "compat" } }, { preferredModel: "cheap", ownKeyProviders: [] })).toBe("openai");
    expect(servingProvider({ ...hint, withPreference: false }, { preferredModel: "cheap", ownKeyProviders: [] })).toBe("openai");
  });

  it("sends plain, small data: no models, no policies", () => {
    const skeleton = routingSkeleton(parseProfilesConfig({
      defaultProfile: "compat",
      profiles: { compat: { candidates: [{ provider: "openai", model: "x" }, { provider: "openai", model: "y" }], cacheTtlSeconds: 5 } },
    }));
    expect(skeleton).toEqual({ defaultProfile: "compat", profiles: { compat: { candidates: [{ provider: "openai", model: "" }] } } });
    expect(structuredClone(skeleton)).toEqual(skeleton);
  });
});
