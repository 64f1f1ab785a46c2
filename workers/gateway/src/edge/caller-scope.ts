import type { Context } from "hono";

/** Whose cache entries and idempotency keys a request may see: the authenticated user's. */
export function callerScope(c: Context): string {
  return c.get("principal").userId;
}
