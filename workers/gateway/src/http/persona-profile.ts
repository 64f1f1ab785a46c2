import { GatewayError } from "@chorus/core";
import type { Context } from "hono";

/** A persona's `profile` must name a profile of this gateway's profiles file, or be null. */
export function checkPersonaProfile(c: Context, profile: string | null | undefined): void {
  if (profile === null || profile === undefined) return;
  const { profiles } = c.get("config").profiles;
  if (Object.hasOwn(profiles, profile)) return;
  throw new GatewayError({
    status: 400,
    code: "invalid_request",
    param: "profile",
    message: `Invalid 'profile': ${JSON.stringify(profile)} is not a profile of this gateway (${Object.keys(profiles).join(", ")}).`,
  });
}
