import { describe, expect, it } from "vitest";
import type { ProviderId } from "../chat-types.ts";
import { parseProfilesConfig } from "../parse-profiles-config.ts";
import { enabledWithOwnKeys } from "./enabled-with-own-keys.ts";
import { servingProvider } from "./serving-provider.ts";

const config = parseProfilesConfig({ defaultProfile: "compat", profiles: {
  compat: { candidates: [{ provider: "anthropic", model: "a" }, { provider: "openai", model: "b" }] },
  cheap: { candidates: [{ provider: "google", model: "c" }] },
} });
const platform: ProviderId[] = ["openai", "google"];

describe("servingProvider", () => {
  it("follows the user's preference and own keys, as the route resolves", () => {
    const route = (own: ProviderId[], extra: { model?: string; preferredModel?: string } = {}) =>
      servingProvider({ config, demoAllowed: false, enabled: enabledWithOwnKeys(platform, own), ...extra });
    expect(route([])).toBe("openai");
    expect(route(["anthropic"])).toBe("anthropic");
    expect(route([], { preferredModel: "cheap" })).toBe("google");
    expect(route([], { model: "compat", preferredModel: "cheap" })).toBe("openai");
  });

  it("is undefined where resolution fails: the route answers that error", () => {
    expect(servingProvider({ config, demoAllowed: false, enabled: platform, model: "no-such-profile" })).toBeUndefined();
  });
});

describe("enabledWithOwnKeys", () => {
  it("adds the providers the user holds a key for, in catalogue order", () => {
    expect(enabledWithOwnKeys(["openai"], [])).toEqual(["openai"]);
    expect(enabledWithOwnKeys(["google"], ["openai"])).toEqual(["openai", "google"]);
  });
});
