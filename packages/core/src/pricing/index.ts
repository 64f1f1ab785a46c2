export * from "./pricing-table.ts";
export * from "./parse-pricing-config.ts";
export * from "./price-for.ts";
export * from "./token-usage.ts";
export * from "./cost-usd.ts";
export * from "./estimate-tokens.ts";
