import { describe, expect, it } from "vitest";
import { isOwnKeyProvider, OWN_KEY_PROVIDER_IDS, PROVIDER_IDS, PROVIDERS } from "./provider-catalog.ts";

describe("provider catalog", () => {
  it("names every provider by its own id", () => {
    for (const id of PROVIDER_IDS) expect(PROVIDERS[id].id).toBe(id);
  });

  it("takes own keys exactly for the providers enabled by a platform key", () => {
    expect(OWN_KEY_PROVIDER_IDS).toEqual(PROVIDER_IDS.filter((id) => PROVIDERS[id].enabledBy === "key"));
    expect(OWN_KEY_PROVIDER_IDS).toEqual(["openai", "anthropic", "google", "groq"]);
  });

  it("tests an own key with one of the provider's listed chat models", () => {
    for (const id of OWN_KEY_PROVIDER_IDS) expect(PROVIDERS[id].models).toContain(PROVIDERS[id].ownKey?.testModel);
  });

  it("recognises own-key providers only by exact, own ids", () => {
    expect(isOwnKeyProvider("anthropic")).toBe(true);
    for (const value of ["local", "demo", "Anthropic", "constructor", "__proto__", ""]) expect(isOwnKeyProvider(value)).toBe(false);
  });
});
