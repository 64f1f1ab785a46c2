import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseProfilesConfig } from "../parse-profiles-config.ts";
import { PROVIDER_IDS, PROVIDERS } from "../provider-catalog.ts";
import { parsePricingConfig, PricingConfigError } from "./parse-pricing-config.ts";
import { priceFor } from "./price-for.ts";

function readConfig(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../../config/${name}`, import.meta.url), "utf8"));
}

function messageFor(config: unknown): string {
  try {
    parsePricingConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(PricingConfigError);
    return (error as Error).message;
  }
  throw new Error("expected the config to be refused");
}

describe("shipped config/pricing.json", () => {
  const table = parsePricingConfig(readConfig("pricing.json"));
  const profiles = parseProfilesConfig(readConfig("llm-profiles.json"));

  it("prices every model a shipped profile can route to", () => {
    const sets = [profiles.profiles, profiles.embeddings?.profiles ?? {}];
    for (const profile of sets.flatMap((set) => Object.values(set))) {
      for (const { provider, model } of profile.candidates) {
        expect(priceFor(table, provider, model), `${provider}/${model}`).toBeDefined();
      }
    }
  });

  it("prices every model of the provider catalog", () => {
    for (const id of PROVIDER_IDS) {
      for (const model of [...PROVIDERS[id].models, ...PROVIDERS[id].embeddingModels]) {
        expect(priceFor(table, id, model), `${id}/${model}`).toBeDefined();
      }
    }
  });

  it("charges nothing for demo and local models", () => {
    for (const [provider, model] of [["demo", "chorus-demo"], ["local", "llama3.2"], ["local", "anything-pulled-later"]] as const) {
      expect(priceFor(table, provider, model)).toEqual({ inputPerMillion: 0, outputPerMillion: 0, cachedInputPerMillion: 0 });
    }
  });

  it("never prices cached input above fresh input", () => {
    for (const prices of Object.values(table)) {
      for (const price of Object.values(prices)) expect(price.cachedInputPerMillion).toBeLessThanOrEqual(price.inputPerMillion);
    }
  });
});

describe("parsePricingConfig", () => {
  it("defaults the cached rate to the input rate and ignores $-comments", () => {
    const table = parsePricingConfig({
      $comment: "test",
      providers: { groq: { $comment: "x", "llama-3.3-70b-versatile": { inputPerMillion: 0.59, outputPerMillion: 0.79 } } },
    });
    expect(table.groq?.["llama-3.3-70b-versatile"]).toEqual({ inputPerMillion: 0.59, outputPerMillion: 0.79, cachedInputPerMillion: 0.59 });
  });

  it("names the field in every error", () => {
    expect(messageFor([])).toBe("pricing config: must be an object, got an array");
    expect(messageFor({})).toBe("providers: must be an object, got a undefined");
    expect(messageFor({ providers: {}, currency: "EUR" })).toBe("currency: unknown field (allowed: providers)");
    expect(messageFor({ providers: { mistral: {} } })).toMatch(/^providers\.mistral: unknown provider \(one of openai, /);
    expect(messageFor({ providers: { openai: { "gpt-5.4": { inputPerMillion: "1.25", outputPerMillion: 10 } } } }))
      .toBe('providers.openai["gpt-5.4"].inputPerMillion: must be a number >= 0 (USD per million tokens), got "1.25"');
    expect(messageFor({ providers: { openai: { "gpt-5.4": { inputPerMillion: 1, outputPerMillion: -1 } } } }))
      .toBe('providers.openai["gpt-5.4"].outputPerMillion: must be a number >= 0 (USD per million tokens), got a number');
    expect(messageFor({ providers: { openai: { "gpt-5.4": { inputPerMillion: 1, outputPerMillion: 2, cachedInputPerMillion: Number.NaN } } } }))
      .toMatch(/^providers\.openai\["gpt-5\.4"\]\.cachedInputPerMillion: /);
    expect(messageFor({ providers: { openai: { "gpt-5.4": { input: 1, inputPerMillion: 1, outputPerMillion: 2 } } } }))
      .toBe('providers.openai["gpt-5.4"].input: unknown field (allowed: inputPerMillion, outputPerMillion, cachedInputPerMillion)');
    expect(messageFor({ providers: { openai: { "gpt-5.4": null } } })).toBe('providers.openai["gpt-5.4"]: must be an object, got null');
  });

  it("keeps the path on the error for tools that point at the field", () => {
    try {
      parsePricingConfig({ providers: { openai: [] } });
    } catch (error) {
      expect((error as PricingConfigError).path).toBe("providers.openai");
    }
  });
});
