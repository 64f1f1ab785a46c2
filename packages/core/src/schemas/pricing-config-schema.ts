import * as z from "zod";
import { PROVIDER_IDS } from "../provider-catalog.ts";
import { configObject, configRecord, mustBe, providerRecord } from "./config-schema.ts";

const usdPerMillion = () => {
  const error = mustBe("a number >= 0 (USD per million tokens)");
  return z.number({ error }).min(0, { error });
};

/** List prices of one model, USD per million tokens; the cached-input rate defaults to the input rate. */
export const modelPriceSchema = configObject({
  inputPerMillion: usdPerMillion(),
  outputPerMillion: usdPerMillion(),
  /** Input tokens read from the provider's prompt cache. */
  cachedInputPerMillion: usdPerMillion().optional(),
}).transform((price) => ({ ...price, cachedInputPerMillion: price.cachedInputPerMillion ?? price.inputPerMillion }));

/** `config/pricing.json`: `{"providers": {provider: {model: price}}}`. */
export const pricingConfigSchema = configObject({
  providers: providerRecord(configRecord(modelPriceSchema), () => `unknown provider (one of ${PROVIDER_IDS.join(", ")})`),
});
