import type { HedgePolicy, ProfilesConfig, RoutePlan } from "@chorus/core";

/** The hedge of the profile a plan came from; none for `direct` plans, which name one candidate. */
export function profileHedge(config: ProfilesConfig, plan: RoutePlan): HedgePolicy | undefined {
  return Object.hasOwn(config.profiles, plan.profile) ? config.profiles[plan.profile]?.hedge : undefined;
}
