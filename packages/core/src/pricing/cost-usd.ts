import type { ModelPrice } from "./pricing-table.ts";
import type { TokenUsage } from "./token-usage.ts";

export interface Cost {
  usd: number;
  /** False when the model has no price: `usd` is 0 and the usage row should be marked. */
  priced: boolean;
}

const PER_MILLION = 1_000_000;

/**
 * What a request cost: cached input tokens at the cached rate, the rest of the
 * input at the input rate, output at the output rate. An unpriced model costs
 * 0, flagged, so a missing table entry never bills a user a guess.
 */
export function costUsd(usage: TokenUsage, price: ModelPrice | undefined): Cost {
  if (!price) return { usd: 0, priced: false };
  const tokensIn = Math.max(0, usage.tokensIn);
  // Some providers report cached tokens beyond the prompt on edge cases; never charge a negative remainder.
  const cached = Math.min(Math.max(0, usage.cachedTokens), tokensIn);
  const usd = ((tokensIn - cached) * price.inputPerMillion
    + cached * price.cachedInputPerMillion
    + Math.max(0, usage.tokensOut) * price.outputPerMillion) / PER_MILLION;
  return { usd, priced: true };
}
