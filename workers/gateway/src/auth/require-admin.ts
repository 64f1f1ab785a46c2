import type { MiddlewareHandler } from "hono";
import { authRequired, forbidden } from "./auth-errors.ts";
import type { Principal } from "./principal.ts";

/** Admin routes: a principal with `role: admin` (an admin JWT or ADMIN_TOKEN) passes; other callers get 403, no caller 401. */
export function requireAdmin(): MiddlewareHandler {
  return async function requireAdmin(c, next) {
    // Typed as always set, but absent when auth() was not mounted in front or the path is public.
    const principal: Principal | undefined = c.get("principal");
    if (!principal) throw authRequired();
    if (principal.role !== "admin") throw forbidden("This endpoint needs an administrator (role: admin or ADMIN_TOKEN).");
    await next();
  };
}
