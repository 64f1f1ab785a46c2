import { describe, expect, it } from "vitest";
import { costUsd } from "./cost-usd.ts";
import { priceFor } from "./price-for.ts";
import type { PricingTable } from "./pricing-table.ts";
import { tokenUsageFrom } from "./token-usage.ts";

const price = { inputPerMillion: 2, outputPerMillion: 10, cachedInputPerMillion: 0.5 };

describe("costUsd", () => {
  it("charges input, output and cached input at their own rates", () => {
    // 800 fresh input * 2 + 200 cached * 0.5 + 500 output * 10, per million.
    const cost = costUsd({ tokensIn: 1000, tokensOut: 500, cachedTokens: 200 }, price);
    expect(cost.priced).toBe(true);
    expect(cost.usd).toBeCloseTo((800 * 2 + 200 * 0.5 + 500 * 10) / 1e6, 15);
  });

  it("costs a million tokens of each kind exactly the listed price", () => {
    expect(costUsd({ tokensIn: 1e6, tokensOut: 0, cachedTokens: 0 }, price).usd).toBe(2);
    expect(costUsd({ tokensIn: 0, tokensOut: 1e6, cachedTokens: 0 }, price).usd).toBe(10);
    expect(costUsd({ tokensIn: 1e6, tokensOut: 0, cachedTokens: 1e6 }, price).usd).toBe(0.5);
  });

  it("never charges cached tokens beyond the prompt, nor negative counts", () => {
    expect(costUsd({ tokensIn: 100, tokensOut: 0, cachedTokens: 300 }, price).usd).toBeCloseTo(100 * 0.5 / 1e6, 15);
    expect(costUsd({ tokensIn: -5, tokensOut: -5, cachedTokens: -5 }, price).usd).toBe(0);
  });

  it("costs 0, unpriced, for a model with no price", () => {
    const table: PricingTable = { openai: { "gpt-5.4": price } };
    expect(costUsd({ tokensIn: 1000, tokensOut: 1000, cachedTokens: 0 }, priceFor(table, "openai", "gpt-9"))).toEqual({ usd: 0, priced: false });
    expect(costUsd({ tokensIn: 1000, tokensOut: 1000, cachedTokens: 0 }, priceFor(table, "anthropic", "claude-opus-5"))).toEqual({ usd: 0, priced: false });
  });
});

describe("priceFor", () => {
  const table: PricingTable = { local: { "*": { inputPerMillion: 0, outputPerMillion: 0, cachedInputPerMillion: 0 }, big: price } };

  it("prefers the exact model, then the provider's * entry", () => {
    expect(priceFor(table, "local", "big")).toBe(price);
    expect(priceFor(table, "local", "llama3.2")?.inputPerMillion).toBe(0);
  });

  it("does not treat inherited object keys as models", () => {
    expect(priceFor({ openai: {} }, "openai", "constructor")).toBeUndefined();
  });
});

describe("tokenUsageFrom", () => {
  it("reads OpenAI-shaped usage, cached tokens included in the prompt", () => {
    expect(tokenUsageFrom({ prompt_tokens: 120, completion_tokens: 30, total_tokens: 150, prompt_tokens_details: { cached_tokens: 100 } }))
      .toEqual({ tokensIn: 120, tokensOut: 30, cachedTokens: 100 });
    expect(tokenUsageFrom({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 })).toEqual({ tokensIn: 1, tokensOut: 2, cachedTokens: 0 });
  });
});
