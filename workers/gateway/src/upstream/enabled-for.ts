import { enabledWithOwnKeys, type ProviderId } from "@chorus/core";
import type { Context } from "hono";
import { ownKeyProvidersOf } from "./own-key-providers-of.ts";

/**
 * Providers this caller's request may route to: the platform's, and those the
 * caller brings a key for, so a user's Anthropic key works even on a gateway
 * with no Anthropic key of its own. The `UserQuota` object decides "does the
 * user's own key serve?" with the same `enabledWithOwnKeys`.
 */
export function enabledFor(c: Context): ProviderId[] {
  return enabledWithOwnKeys(c.get("config").enabled, ownKeyProvidersOf(c));
}
