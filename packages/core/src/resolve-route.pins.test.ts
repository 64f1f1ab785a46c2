import { describe, expect, it } from "vitest";
import { parseProfilesConfig, ProfilesConfigError } from "./parse-profiles-config.ts";
import { resolveRoute, type ResolveRouteInput } from "./resolve-route.ts";

const config = parseProfilesConfig({
  defaultProfile: "compat",
  profiles: {
    compat: { candidates: [{ provider: "openai", model: "gpt-5.4" }] },
    fast: { candidates: [{ provider: "groq", model: "llama" }] },
    frontier: { candidates: [{ provider: "anthropic", model: "claude-opus-5" }] },
    cheap: { candidates: [{ provider: "google", model: "gemini-3-flash" }] },
  },
  modes: { coaching: { profile: "frontier", instructions: "Coach, do not lecture." }, quick: "fast" },
  surfaces: { trips: { profile: "fast", structuredProfile: "compat", context: "The user plans a trip." } },
});

function resolve(input: Partial<ResolveRouteInput> = {}) {
  return resolveRoute({ config, enabled: ["openai", "anthropic", "groq", "google"], demoAllowed: true, ...input });
}

describe("mode and surface pins in object form", () => {
  it("keeps the string form and normalises both to {profile, ...}", () => {
    expect(config.modes?.quick).toEqual({ profile: "fast" });
    expect(config.modes?.coaching).toEqual({ profile: "frontier", instructions: "Coach, do not lecture." });
    expect(resolve({ mode: "coaching" }).profile).toBe("frontier");
    expect(resolve({ mode: "quick" }).profile).toBe("fast");
  });

  it("serves a surface's json_schema requests with its structuredProfile, the others with its profile", () => {
    expect(resolve({ surface: "trips" })).toMatchObject({ profile: "fast", reason: "surface:trips->fast" });
    expect(resolve({ surface: "trips", structured: true })).toMatchObject({ profile: "compat", reason: "surface:trips->compat" });
  });

  it("refuses a pin or a structuredProfile naming no profile, naming the field", () => {
    const broken = (surfaces: unknown) => () => parseProfilesConfig({ defaultProfile: "compat", profiles: { compat: { candidates: [{ provider: "openai", model: "m" }] } }, surfaces });
    expect(broken({ trips: { profile: "nope" } })).toThrow(ProfilesConfigError);
    expect(broken({ trips: { profile: "nope" } })).toThrow(/surfaces\.trips: "nope" is not a profile/);
    expect(broken({ trips: { profile: "compat", structuredProfile: "gone" } })).toThrow(/surfaces\.trips\.structuredProfile: "gone" is not a profile/);
  });
});

describe("a persona's profile pin", () => {
  const persona = { ref: "writer", profile: "cheap" };

  it("comes after the request's model and the user's preference, before the mode and surface pins", () => {
    expect(resolve({ persona, mode: "coaching", surface: "trips" })).toMatchObject({ profile: "cheap", reason: "persona:writer->cheap" });
    expect(resolve({ persona, preferredModel: "fast" }).profile).toBe("fast");
    expect(resolve({ persona, model: "frontier" }).profile).toBe("frontier");
  });
});
