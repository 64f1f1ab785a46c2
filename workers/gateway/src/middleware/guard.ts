import { GatewayError, type AdmissionRefusal } from "@chorus/core";
import type { Context, MiddlewareHandler } from "hono";
import type { UserState } from "../durable/user-quota-types.ts";
import type { GatewayEnv } from "../env.ts";
import { Admission, type AnswerReport } from "../quota/admission.ts";
import { observeBodyEnd, type BodyEnd } from "../quota/observe-body-end.ts";
import { ownKeyServes } from "../quota/own-key-serves.ts";
import { quotaLeasesFor, type AdmitRequest, type Admitted } from "../quota/quota-leases.ts";
import { requestedModel } from "../quota/requested-model.ts";
import { rateLimiterFor } from "../rate-limit/rate-limiter-for.ts";

type Env = { Bindings: GatewayEnv };

export interface GuardOptions {
  /** How the route resolves its model: chat (with the user's preference, mode and surface) or embeddings. */
  purpose: "chat" | "embeddings";
}

function log(c: Context<Env>, label: string, error: unknown): void {
  console.error(JSON.stringify({ requestId: c.get("requestId"), quota: label, error: error instanceof Error ? error.message : String(error) }));
}

/** Served or not: a 2xx answer whose body was not broken off by a failure on our side (a client leaving is not one). */
function outcome(admission: Admission, end: BodyEnd | undefined): AnswerReport {
  const reported = admission.reported;
  if (end === "failed" || reported?.served === false) return { served: false };
  return { served: true, tokens: reported?.tokens ?? 0 };
}

/** Quotas must hold exactly, so when the user's object cannot be reached requests are refused rather than waved through. */
function unavailable(c: Context<Env>, label: string, error: unknown): GatewayError {
  log(c, label, error);
  return new GatewayError({ status: 503, code: "quota_unavailable", retryAfterSeconds: 1, message: "Quotas cannot be checked right now; try again shortly." });
}

function refused(refusal: AdmissionRefusal): GatewayError {
  return new GatewayError({ status: refusal.status, code: refusal.code, message: refusal.message, retryAfterSeconds: refusal.retryAfterSeconds });
}

/**
 * Tier, quota and rate limit for an endpoint that calls a model; mount after
 * `auth()` and the kill switch, before idempotency (a replay is a served
 * request). The user's state (`c.get("userState")`) and the admission come
 * from the isolate's `QuotaLeases`: from memory and a permit held here, with
 * no Durable Object call, as long as the isolate holds permits for the user
 * (it asks for more in the background). Whether the user's own key serves
 * is decided here, from that state, as the route will resolve it. After
 * the response the admission is settled (in a batch with others): an error
 * answer at once, a 2xx answer when its body has ended (a stream: finished,
 * or failed on the provider's side as the route reports). A client that
 * leaves counts as served, since the provider answered. The ADMIN_TOKEN
 * acts for no user and is refused (403).
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
    const leases = quotaLeasesFor(c.env.USER_QUOTA);
    const state: UserState = await leases.userState(principal.userId).catch((error: unknown) => {
      throw unavailable(c, "user state unavailable", error);
    });
    c.set("userState", state);
    const limits = config.plans[principal.plan];
    const upstash = config.rateLimit.backend === "upstash" ? config.rateLimit : undefined;
    const request: AdmitRequest = {
      userId: principal.userId, tier: principal.tier, limits, rateLimitedElsewhere: upstash !== undefined,
      ownKeyServes: principal.tier === "verified" && state.ownKeyProviders.length > 0 && ownKeyServes(c, purpose, await requestedModel(c), state),
      waitUntil: (work) => c.executionCtx.waitUntil(work),
    };
    const admitted: Admitted = await leases.admit(request).then(
      (answer) => {
        if (!answer.ok) throw refused(answer);
        return answer;
      },
      (error: unknown) => {
        throw unavailable(c, "admit failed", error);
      },
    );

    if (upstash && principal.tier === "verified" && !request.ownKeyServes) {
      const rate = await rateLimiterFor(upstash).limit({ userId: principal.userId, plan: principal.plan, requestsPerMinute: limits.requestsPerMinute })
        .catch((error: unknown) => {
          // Fail open: Upstash only paces requests; the exact quotas were checked by the object.
          log(c, "upstash rate limit unavailable", error);
          return { ok: true } as const;
        });
      if (!rate.ok) {
        admitted.settle({ served: false });
        throw new GatewayError({ status: 429, code: "rate_limited", retryAfterSeconds: rate.retryAfterSeconds, message: `Your plan allows ${limits.requestsPerMinute} requests per minute; retry after the Retry-After seconds.` });
      }
    }

    const admission = new Admission();
    c.set("admission", admission);
    try {
      await next();
    } catch (error) {
      admitted.settle({ served: false });
      throw error;
    }
    const response = c.res;
    const ok = response.status >= 200 && response.status <= 299;
    if (!ok || !response.body) return admitted.settle(ok ? outcome(admission, undefined) : { served: false });
    // Settled once the body has gone out (a stream: ended), so nothing but the admission happens before the client has its answer.
    c.res = new Response(observeBodyEnd(response.body, (end) => admitted.settle(outcome(admission, end))), response);
  };
}
