import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlanLimits } from "./plan-limits.ts";

const PLANS = ["free", "pro", "premium"] as const;
const valid = {
  free: { requestsPerMinute: 10, tokensPerDay: 100 },
  pro: { requestsPerMinute: 60, tokensPerDay: 1_000 },
  premium: { requestsPerMinute: 600, tokensPerDay: 10_000 },
};

describe("parsePlanLimits", () => {
  it("accepts the bundled config/plans.json", () => {
    const bundled: unknown = JSON.parse(readFileSync(new URL("../../../../config/plans.json", import.meta.url), "utf8"));
    const table = parsePlanLimits(bundled, PLANS);
    expect(table.free.requestsPerMinute).toBeLessThan(table.pro.requestsPerMinute);
    expect(table.pro.tokensPerDay).toBeLessThan(table.premium.tokensPerDay);
  });

  it("names the offending field", () => {
    expect(() => parsePlanLimits({ ...valid, pro: { ...valid.pro, tokensPerDay: "lots" } }, PLANS)).toThrow('pro.tokensPerDay: must be a whole number >= 1, got "lots"');
    expect(() => parsePlanLimits({ ...valid, free: { ...valid.free, requestsPerMinute: 0 } }, PLANS)).toThrow("free.requestsPerMinute: must be a whole number >= 1, got 0");
    expect(() => parsePlanLimits({ ...valid, premium: { ...valid.premium, requestsPerMinute: 1.5 } }, PLANS)).toThrow("premium.requestsPerMinute");
    expect(() => parsePlanLimits({ free: valid.free, pro: valid.pro }, PLANS)).toThrow("premium: must be an object");
    expect(() => parsePlanLimits({ ...valid, gold: valid.pro }, PLANS)).toThrow("gold: unknown plan");
    expect(() => parsePlanLimits({ ...valid, pro: { ...valid.pro, tokensPerDya: 5 } }, PLANS)).toThrow("pro.tokensPerDya: unknown field");
    expect(() => parsePlanLimits([], PLANS)).toThrow("plans: must be an object");
  });

  it("lets $-keys carry comments", () => {
    expect(parsePlanLimits({ $comment: "limits", ...valid }, PLANS).pro).toEqual(valid.pro);
  });
});
