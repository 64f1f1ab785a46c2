import { isOwnKeyProvider, type ProviderId } from "@chorus/core";
import type { Context } from "hono";

/**
 * The providers the caller has stored an own key for, as their `UserQuota`
 * object told the guard on this request (`c.get("userState")`), so routing
 * needs no D1 read to know. None where the guard did not run.
 */
export function ownKeyProvidersOf(c: Context): readonly ProviderId[] {
  const state = c.get("userState");
  return state ? state.ownKeyProviders.filter((provider) => isOwnKeyProvider(provider)) : [];
}
