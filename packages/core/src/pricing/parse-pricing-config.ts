import { parseConfig } from "../schemas/config-schema.ts";
import { pricingConfigSchema } from "../schemas/pricing-config-schema.ts";
import type { PricingTable } from "./pricing-table.ts";

/** A pricing config that cannot be used; `path` names the offending field. */
export class PricingConfigError extends Error {
  override readonly name = "PricingConfigError";
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

const fail = (path: string, message: string): never => {
  throw new PricingConfigError(path, message);
};

/**
 * Validates `config/pricing.json` against `pricingConfigSchema`: prices in
 * USD per million tokens, `cachedInputPerMillion` defaulting to the input
 * price. Every error names the field.
 */
export function parsePricingConfig(value: unknown): PricingTable {
  return parseConfig(pricingConfigSchema, value, fail, "pricing config").providers;
}
