import type { Context } from "hono";
import { forbidden } from "./auth-errors.ts";

/**
 * The user whose own data (keys, usage) a request reads or changes: always
 * the caller's, never one named in the path or body. The ADMIN_TOKEN acts
 * for no user and owns nothing, so it is refused (403) rather than given an
 * account of its own.
 */
export function actingUserId(c: Context): string {
  const principal = c.get("principal");
  if (principal.credential === "admin_token") throw forbidden("The admin token acts for no user: it has no keys, settings or usage of its own.");
  return principal.userId;
}
