import type { ProviderId } from "../chat-types.ts";
import { describeValue, expectObject, failWith, fieldPath, type Fail, type JsonObject } from "../config-fields.ts";
import { isProviderId, PROVIDER_IDS } from "../provider-catalog.ts";
import type { ModelPrice, PricingTable } from "./pricing-table.ts";

/** A pricing config that cannot be used; `path` names the offending field. */
export class PricingConfigError extends Error {
  override readonly name = "PricingConfigError";
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

const fail: Fail = failWith(PricingConfigError, "pricing config");
const field = fieldPath;
const describe = describeValue;
const object = (value: unknown, path: string): JsonObject => expectObject(value, path, fail);

/** `$`-keys are free for comments; any other key is data. */
function entries(value: JsonObject): [string, unknown][] {
  return Object.entries(value).filter(([key]) => !key.startsWith("$"));
}

function usdPerMillion(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) fail(path, `must be a number >= 0 (USD per million tokens), got ${describe(value)}`);
  return value;
}

const PRICE_FIELDS = ["inputPerMillion", "outputPerMillion", "cachedInputPerMillion"];

function parsePrice(value: unknown, path: string): ModelPrice {
  const price = object(value, path);
  for (const [key] of entries(price)) {
    if (!PRICE_FIELDS.includes(key)) fail(field(path, key), `unknown field (allowed: ${PRICE_FIELDS.join(", ")})`);
  }
  const inputPerMillion = usdPerMillion(price.inputPerMillion, field(path, "inputPerMillion"));
  const outputPerMillion = usdPerMillion(price.outputPerMillion, field(path, "outputPerMillion"));
  const cachedInputPerMillion = price.cachedInputPerMillion === undefined
    ? inputPerMillion
    : usdPerMillion(price.cachedInputPerMillion, field(path, "cachedInputPerMillion"));
  return { inputPerMillion, outputPerMillion, cachedInputPerMillion };
}

/**
 * Validates `config/pricing.json`: `{"providers": {provider: {model: price}}}`
 * with prices in USD per million tokens; `cachedInputPerMillion` defaults to
 * the input price. Every error names the field.
 */
export function parsePricingConfig(value: unknown): PricingTable {
  const root = object(value, "");
  for (const [key] of entries(root)) {
    if (key !== "providers") fail(field("", key), "unknown field (allowed: providers)");
  }
  const providers = object(root.providers, "providers");
  const table: Partial<Record<ProviderId, Record<string, ModelPrice>>> = {};
  for (const [providerId, models] of entries(providers)) {
    const providerPath = field("providers", providerId);
    if (!isProviderId(providerId)) fail(providerPath, `unknown provider (one of ${PROVIDER_IDS.join(", ")})`);
    const prices: Record<string, ModelPrice> = {};
    for (const [model, price] of entries(object(models, providerPath))) {
      prices[model] = parsePrice(price, field(providerPath, model));
    }
    table[providerId] = prices;
  }
  return table;
}
