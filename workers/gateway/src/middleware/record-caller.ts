import { TtlCache } from "@chorus/core";
import { createDb, markApiKeyUsed, recordUser } from "@chorus/db";
import type { MiddlewareHandler } from "hono";
import type { Principal } from "../auth/principal.ts";
import { afterResponse } from "../request/after-response.ts";
import type { GatewayEnv } from "../env.ts";

/**
 * What this isolate trusts D1 already holds of a caller's credential, for 10
 * minutes; the bound only costs a forgotten caller one more no-op write.
 */
const remembered = new TtlCache<true>({ name: "recorded callers", ttlMs: 10 * 60_000, maxEntries: 10_000 });

function firstTimeIn(what: string): boolean {
  if (remembered.get(what)) return false;
  remembered.set(what, true);
  return true;
}

/** The write this caller's request calls for, or undefined when it was done recently enough in this isolate. */
function writeFor(principal: Principal, env: GatewayEnv, now: number): Promise<void> | undefined {
  if (principal.credential === "jwt") {
    const seen = { plan: principal.plan, emailVerified: principal.emailVerified };
    if (!firstTimeIn(JSON.stringify(["user", principal.userId, seen]))) return undefined;
    return recordUser(createDb(env.DB), principal.userId, seen, new Date(now));
  }
  // markApiKeyUsed keeps minute precision itself; the memo spares the statement in between.
  if (principal.credential === "api_key" && principal.apiKeyId !== undefined && firstTimeIn(`key:${principal.apiKeyId}`)) {
    return markApiKeyUsed(createDb(env.DB), principal.apiKeyId, new Date(now));
  }
  return undefined;
}

/**
 * After the response (`waitUntil`): remembers the plan and verification a
 * user's JWT carried (`recordUser`: their API keys act with that plan, admin
 * reports group by it) and when an API key was last used (`markApiKeyUsed`).
 * The ADMIN_TOKEN is no user and is not recorded. At most one write per
 * caller and change every 10 minutes per isolate.
 */
export function recordCaller(): MiddlewareHandler<{ Bindings: GatewayEnv }> {
  return async function recordCaller(c, next) {
    await next();
    // Unset on public paths, and when auth refused the request.
    const principal: Principal | undefined = c.get("principal");
    if (!principal) return;
    const write = writeFor(principal, c.env, Date.now());
    if (write) afterResponse(c.executionCtx, c.get("requestId"), "caller record failed", write);
  };
}
