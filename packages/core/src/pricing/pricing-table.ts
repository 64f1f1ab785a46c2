import type { ProviderId } from "../chat-types.ts";

/** List prices of one model, USD per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  /** Input tokens read from the provider's prompt cache; equals `inputPerMillion` where there is no discount. */
  cachedInputPerMillion: number;
}

/** The model id that prices every model of a provider not listed by name (local servers, demo). */
export const ANY_MODEL = "*";

/** `config/pricing.json` once validated: provider -> model id (as the provider names it) -> price. */
export type PricingTable = Readonly<Partial<Record<ProviderId, Readonly<Record<string, ModelPrice>>>>>;
