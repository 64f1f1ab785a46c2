import type { Context } from "hono";

/**
 * Whose cache entries and idempotency keys a request may see. Until callers
 * authenticate, every caller shares one scope; with auth it is the user id.
 */
export function callerScope(_c: Context): string {
  return "anonymous";
}
