import { parsePlanLimits, type PlanLimits } from "@chorus/core";
import bundledPlans from "../../../../config/plans.json" with { type: "json" };
import { PLANS, type Plan } from "../auth/principal.ts";
import type { GatewayVariables } from "../env.ts";
import { ConfigError } from "./config-error.ts";

/** `config/plans.json`, or `PLAN_LIMITS` holding the same JSON (it replaces the file whole). */
export function readPlanLimits(env: GatewayVariables): Record<Plan, PlanLimits> {
  const override = env.PLAN_LIMITS;
  const fromEnv = typeof override === "string" && override.trim() !== "";
  const source = fromEnv ? "PLAN_LIMITS" : "config/plans.json";
  let json: unknown = bundledPlans;
  if (fromEnv) {
    try {
      json = JSON.parse(override);
    } catch (error) {
      throw new ConfigError(`PLAN_LIMITS is not valid JSON: ${(error as Error).message}`);
    }
  }
  try {
    return parsePlanLimits(json, PLANS);
  } catch (error) {
    throw new ConfigError(`${source}: ${(error as Error).message}`);
  }
}
