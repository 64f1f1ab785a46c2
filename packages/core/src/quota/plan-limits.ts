import type * as z from "zod";
import { parseConfig } from "../schemas/config-schema.ts";
import { planTableSchema, type planLimitsSchema } from "../schemas/plan-limits-schema.ts";

/** A plan's platform limits (`config/plans.json`, or `PLAN_LIMITS` holding the same JSON). */
export type PlanLimits = z.output<typeof planLimitsSchema>;

const fail = (_path: string, message: string): never => {
  throw new Error(message);
};

/**
 * Checks a plans table against `planTableSchema`: each limit a whole number
 * >= 1, no unknown plan or field. Throws an `Error` whose message starts with
 * the offending path, e.g. `pro.tokensPerDay: must be a whole number >= 1, got "lots"`.
 */
export function parsePlanLimits<P extends string>(json: unknown, plans: readonly P[]): Record<P, PlanLimits> {
  return parseConfig(planTableSchema(plans), json, fail, "plans");
}
