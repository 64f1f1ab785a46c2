import type * as z from "zod";
import type { modelPriceSchema, pricingConfigSchema } from "../schemas/pricing-config-schema.ts";

/** List prices of one model, USD per million tokens; `cachedInputPerMillion` equals the input price where there is no discount. */
export type ModelPrice = z.output<typeof modelPriceSchema>;

/** The model id that prices every model of a provider not listed by name (local servers, demo). */
export const ANY_MODEL = "*";

/** `config/pricing.json` once validated: provider -> model id (as the provider names it) -> price. */
export type PricingTable = Readonly<z.output<typeof pricingConfigSchema>["providers"]>;
