import type { ProviderId } from "../chat-types.ts";
import { ANY_MODEL, type ModelPrice, type PricingTable } from "./pricing-table.ts";

/** The price of a provider's model: by exact id, else the provider's `*` entry; undefined when unpriced. */
export function priceFor(table: PricingTable, provider: ProviderId, model: string): ModelPrice | undefined {
  const prices = table[provider];
  if (!prices) return undefined;
  return Object.hasOwn(prices, model) ? prices[model] : Object.hasOwn(prices, ANY_MODEL) ? prices[ANY_MODEL] : undefined;
}
