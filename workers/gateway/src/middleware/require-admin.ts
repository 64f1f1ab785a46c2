import { GatewayError } from "@chorus/core";
import type { MiddlewareHandler } from "hono";
import { authRequired, forbidden } from "../auth/auth-errors.ts";
import { bearerCredential } from "../auth/bearer-credential.ts";
import { secretsEqual } from "../auth/secrets-equal.ts";
import type { GatewayEnv } from "../env.ts";

function adminToken(env: GatewayEnv): string | undefined {
  const value = env.ADMIN_TOKEN;
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * `/admin/*`: passes a caller the auth middleware already knows as an admin
 * (`principal.role`), or one presenting `Authorization: Bearer <ADMIN_TOKEN>`,
 * compared in constant time. No credential: 401 `auth_required`; another
 * credential: 403 `forbidden`. With no ADMIN_TOKEN set and no admin
 * principal, 503 `admin_not_configured`, so an operator learns why no token
 * can work rather than guessing at a typo.
 */
export function requireAdmin(): MiddlewareHandler<{ Bindings: GatewayEnv }> {
  return async function requireAdmin(c, next) {
    // Typed as always set by auth's augmentation, but absent while auth is not mounted in front.
    const principal = c.get("principal") as { role?: string } | undefined;
    if (principal?.role === "admin") return next();
    const credential = bearerCredential(c.req.header("authorization"));
    if (!principal && (credential.kind === "missing" || credential.kind === "other_scheme")) throw authRequired();
    const expected = adminToken(c.env);
    if (expected === undefined && !principal) {
      throw new GatewayError({
        status: 503, code: "admin_not_configured",
        message: "Admin endpoints are off: set the ADMIN_TOKEN secret (wrangler secret put ADMIN_TOKEN) and send it as a Bearer token.",
      });
    }
    if (expected !== undefined && credential.kind === "bearer" && (await secretsEqual(credential.value, expected))) return next();
    throw forbidden("This endpoint needs an administrator: send Authorization: Bearer <ADMIN_TOKEN>.");
  };
}
