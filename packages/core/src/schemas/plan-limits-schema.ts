import * as z from "zod";
import { checkedKeys, configObject } from "./config-schema.ts";

/** Numbers as written (`got 0`, `got 1.5`): a plan limit's message shows the value itself. */
function describeLimit(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? typeof value;
}

const mustBe = (what: string) => (issue: { input?: unknown }) => `must be ${what}, got ${describeLimit(issue.input)}`;

const limit = () => {
  const error = mustBe("a whole number >= 1");
  return z.number({ error }).int({ error }).min(1, { error });
};

/** A plan's platform limits. */
export const planLimitsSchema = configObject({
  /** Requests admitted in any 60 s (a sliding window). */
  requestsPerMinute: limit(),
  /** Tokens (in + out) of platform-served answers per UTC day. */
  tokensPerDay: limit(),
}, mustBe("an object with requestsPerMinute and tokensPerDay"));

/**
 * A plans table (`config/plans.json`, or `PLAN_LIMITS`): every plan of
 * `plans` present, no other (a typo would silently keep a default).
 */
export function planTableSchema<P extends string>(plans: readonly P[]) {
  const unknownPlan = (key: string) => ((plans as readonly string[]).includes(key) ? undefined : `unknown plan (plans: ${plans.join(", ")})`);
  return checkedKeys(z.record(z.enum(plans), planLimitsSchema, { error: mustBe(`an object of ${plans.join(", ")}`) }), unknownPlan);
}
