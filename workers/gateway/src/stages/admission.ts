import { GatewayError, isOwnKeyProvider } from "@chorus/core";
import type { UserQuota } from "../durable/user-quota.ts";
import type { AdmitInput, AdmitResult } from "../durable/user-quota-types.ts";
import { rateLimiterFor } from "../rate-limit/rate-limiter-for.ts";
import type { AnswerEnded } from "../request/answer-ended.ts";
import type { RequestScope } from "../request/request-scope.ts";
import type { Answer } from "../request/answer.ts";
import type { Next } from "../request/stage.ts";

type QuotaObject = DurableObjectStub<UserQuota>;

/** The user's own key serves the request's first candidate: no platform limits apply (CONTRACT.md). */
function ownKeyServes(scope: RequestScope<unknown>): boolean {
  const first = scope.plan.candidates[0]?.provider;
  return scope.principal.tier === "verified" && first !== undefined && isOwnKeyProvider(first) && scope.user.ownKeyProviders.includes(first);
}

/** Served: a 2xx answer not broken off by a failure (a client leaving is not one); its tokens count toward the plan's. */
function settlement(ended: AnswerEnded): { served: boolean; tokens: number } {
  const served = ended.status >= 200 && ended.status <= 299 && ended.error === undefined;
  return { served, tokens: served ? Math.max(0, Math.round(ended.usage?.total_tokens ?? 0)) : 0 };
}

async function admit(scope: RequestScope<unknown>, quota: QuotaObject, input: AdmitInput): Promise<AdmitResult> {
  try {
    return await quota.admit(input);
  } catch (error) {
    // Quotas must hold exactly, so an unreachable object refuses rather than waving requests through.
    scope.warn("quota admit failed", error);
    throw new GatewayError({ status: 503, code: "quota_unavailable", retryAfterSeconds: 1, message: "Quotas cannot be checked right now; try again shortly." });
  }
}

/**
 * Tier, quota and rate limit (CONTRACT.md): the sample tier's 3, the user's
 * usage limit, the plan's tokens per day and requests per minute, unless the
 * user's own key serves. The slot is reserved here and settled when the
 * answer ended: committed when served, given back otherwise.
 */
export async function admission<Body>(scope: RequestScope<Body>, next: Next<Body>): Promise<Answer> {
  const { principal } = scope;
  const quota = scope.env.USER_QUOTA.getByName(principal.userId);
  const limits = scope.config.plans[principal.plan];
  const upstash = scope.config.rateLimit.backend === "upstash" ? scope.config.rateLimit : undefined;
  const own = ownKeyServes(scope);
  const admitted = await admit(scope, quota, {
    tier: principal.tier, plan: principal.plan, limits, ownKeyServes: own, rateLimitedElsewhere: upstash !== undefined, now: scope.clock.now(),
  });
  if (!admitted.ok) throw new GatewayError({ status: admitted.status, code: admitted.code, message: admitted.message, retryAfterSeconds: admitted.retryAfterSeconds });
  const { reservation } = admitted;
  const settle = (result: { served: boolean; tokens: number }) =>
    // From the next turn: started in the turn the answer ends, the call would compete with sending its last bytes.
    scope.later("quota settle failed", scope.clock.sleep(0).then(() => quota.settle({ reservation, ...result })));

  if (upstash && principal.tier === "verified" && !own) {
    const rate = await rateLimiterFor(upstash).limit({ userId: principal.userId, plan: principal.plan, requestsPerMinute: limits.requestsPerMinute })
      .catch((error: unknown) => {
        // Fail open: Upstash only paces requests; the exact quotas were checked by the object.
        scope.warn("upstash rate limit unavailable", error);
        return { ok: true } as const;
      });
    if (!rate.ok) {
      settle({ served: false, tokens: 0 });
      throw new GatewayError({ status: 429, code: "rate_limited", retryAfterSeconds: rate.retryAfterSeconds, message: `Your plan allows ${limits.requestsPerMinute} requests per minute; retry after the Retry-After seconds.` });
    }
  }
  scope.ended.subscribe((ended) => settle(settlement(ended)));
  return next();
}
