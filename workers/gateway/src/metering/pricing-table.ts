import { parsePricingConfig, PricingConfigError, type PricingTable } from "@chorus/core";
import bundledPricing from "../../../../config/pricing.json" with { type: "json" };
import { ConfigError } from "../config/config-error.ts";

let table: PricingTable | undefined;

/**
 * `config/pricing.json`, validated once per isolate on first use. A mistake
 * in the file is a ConfigError naming the field (a 500 the operator sees in
 * the log), not a crash of every route at startup.
 */
export function pricingTable(): PricingTable {
  if (!table) {
    try {
      table = parsePricingConfig(bundledPricing);
    } catch (error) {
      if (error instanceof PricingConfigError) throw new ConfigError(`config/pricing.json: ${error.message}`);
      throw error;
    }
  }
  return table;
}
