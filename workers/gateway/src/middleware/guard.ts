import { GatewayError, systemClock } from "@chorus/core";
import type { Context, MiddlewareHandler } from "hono";
import type { UserQuota } from "../durable/user-quota.ts";
import type { AdmitInput, AdmitResult } from "../durable/user-quota-types.ts";
import type { GatewayEnv } from "../env.ts";
import { Admission, type AnswerReport } from "../quota/admission.ts";
import { observeBodyEnd, type BodyEnd } from "../quota/observe-body-end.ts";
import { requestedModel } from "../quota/requested-model.ts";
import { servingHintFor } from "../quota/serving-hint-for.ts";
import { rateLimiterFor } from "../rate-limit/rate-limiter-for.ts";

type Env = { Bindings: GatewayEnv };
type QuotaObject = DurableObjectStub<UserQuota>;

export interface GuardOptions {
  /** How the route resolves its model: chat (with the user's preference, mode and surface) or embeddings. */
  purpose: "chat" | "embeddings";
}

function log(c: Context<Env>, label: string, error: unknown): void {
  console.error(JSON.stringify({ requestId: c.get("requestId"), quota: label, error: error instanceof Error ? error.message : String(error) }));
}

/** Settles the reservation after the response (`waitUntil`); a failure is logged: the lease returns the slot. */
function settleLater(c: Context<Env>, quota: QuotaObject, reservation: string, report: AnswerReport): void {
  const tokens = report.served ? Math.max(0, Math.round(report.tokens ?? 0)) : 0;
  // From the next turn: started in the turn the body ends, the call would compete with sending its last bytes.
  const settle = systemClock.sleep(0).then(() => quota.settle({ reservation, served: report.served, tokens }));
  c.executionCtx.waitUntil(settle.catch((error: unknown) => log(c, "settle failed", error)));
}

/** Served or not: a 2xx answer whose body was not broken off by a failure on our side (a client leaving is not one). */
function outcome(admission: Admission, end: BodyEnd | undefined): AnswerReport {
  const reported = admission.reported;
  if (end === "failed" || reported?.served === false) return { served: false };
  return { served: true, tokens: reported?.tokens ?? 0 };
}

async function admit(c: Context<Env>, quota: QuotaObject, input: AdmitInput): Promise<AdmitResult> {
  try {
    return await quota.admit(input);
  } catch (error) {
    // Quotas must hold exactly, so an unreachable object refuses rather than waving requests through.
    log(c, "admit failed", error);
    throw new GatewayError({ status: 503, code: "quota_unavailable", retryAfterSeconds: 1, message: "Quotas cannot be checked right now; try again shortly." });
  }
}

/**
 * Tier, quota and rate limit for an endpoint that calls a model; mount after
 * `auth()` and the kill switch, before idempotency (a replay is a served
 * request). One `admit` call to the caller's `UserQuota` object, the only
 * Durable Object call on the hot path of a request that hits no limit,
 * reserves a slot and returns the user's state (`c.get("userState")`); after the
 * response, `settle` commits it or gives it back: an error answer at once, a
 * 2xx answer when its body has ended (a stream: finished, or failed on the
 * provider's side as the route reports). A client that leaves counts as
 * served, since the provider answered. The ADMIN_TOKEN acts for no user and
 * is refused (403).
 */
export function guard(options: GuardOptions): MiddlewareHandler<Env> {
  if (options?.purpose !== "chat" && options?.purpose !== "embeddings") throw new Error('guard(): purpose must be "chat" or "embeddings"');
  const { purpose } = options;

  return async function guard(c, next) {
    if (c.req.method !== "POST") return next();
    const principal = c.get("principal");
    const config = c.get("config");
    if (principal.credential === "admin_token") {
      throw new GatewayError({ status: 403, code: "not_a_user", message: "The admin token acts for no user and cannot call models; use a user's token or API key." });
    }
    const quota = c.env.USER_QUOTA.getByName(principal.userId);
    const limits = config.plans[principal.plan];
    const upstash = config.rateLimit.backend === "upstash" ? config.rateLimit : undefined;
    const input: AdmitInput = { tier: principal.tier, plan: principal.plan, limits, rateLimitedElsewhere: upstash !== undefined, now: Date.now() };
    if (principal.tier === "verified") input.serving = servingHintFor(c, purpose, await requestedModel(c));
    const admitted = await admit(c, quota, input);
    c.set("userState", admitted.state);
    if (!admitted.ok) throw new GatewayError({ status: admitted.status, code: admitted.code, message: admitted.message, retryAfterSeconds: admitted.retryAfterSeconds });
    const { reservation } = admitted;

    if (upstash && principal.tier === "verified" && !admitted.ownKeyServes) {
      const rate = await rateLimiterFor(upstash).limit({ userId: principal.userId, plan: principal.plan, requestsPerMinute: limits.requestsPerMinute })
        .catch((error: unknown) => {
          // Fail open: Upstash only paces requests; the exact quotas were checked by the object.
          log(c, "upstash rate limit unavailable", error);
          return { ok: true } as const;
        });
      if (!rate.ok) {
        settleLater(c, quota, reservation, { served: false });
        throw new GatewayError({ status: 429, code: "rate_limited", retryAfterSeconds: rate.retryAfterSeconds, message: `Your plan allows ${limits.requestsPerMinute} requests per minute; retry after the Retry-After seconds.` });
      }
    }

    const admission = new Admission({ reservation, ownKeyServes: admitted.ownKeyServes });
    c.set("admission", admission);
    try {
      await next();
    } catch (error) {
      settleLater(c, quota, reservation, { served: false });
      throw error;
    }
    const response = c.res;
    const ok = response.status >= 200 && response.status <= 299;
    if (!ok || !response.body) return settleLater(c, quota, reservation, ok ? outcome(admission, undefined) : { served: false });
    // Settled once the body has gone out (a stream: ended), so nothing but `admit` happens before the client has its answer.
    c.res = new Response(observeBodyEnd(response.body, (end) => settleLater(c, quota, reservation, outcome(admission, end))), response);
  };
}
