import { GatewayError, isOwnKeyProvider, type AdmissionRefusal } from "@chorus/core";
import { quotaLeasesFor, type Admitted, type AnswerEnd, type StandingRequest } from "../quota/quota-leases.ts";
import { rateLimiterFor } from "../rate-limit/rate-limiter-for.ts";
import type { Answer } from "../request/answer.ts";
import type { AnswerEnded } from "../request/answer-ended.ts";
import type { RequestScope } from "../request/request-scope.ts";
import type { Next } from "../request/stage.ts";

/** The user's own key serves the request's first candidate: no platform limits apply (CONTRACT.md). */
export function ownKeyServes(scope: Pick<RequestScope<unknown>, "principal" | "plan" | "user">): boolean {
  const first = scope.plan.candidates[0]?.provider;
  return scope.principal.tier === "verified" && first !== undefined && isOwnKeyProvider(first) && scope.user.ownKeyProviders.includes(first);
}

/** What admission needs to know of a request besides the user: passed to `QuotaLeases` by `admit` and by `GET /v1/me`. */
export function admissionTerms(scope: Pick<RequestScope<unknown>, "principal" | "plan" | "user" | "config">): StandingRequest {
  const { principal, config } = scope;
  return {
    userId: principal.userId, tier: principal.tier, limits: config.plans[principal.plan],
    ownKeyServes: ownKeyServes(scope), rateLimitedElsewhere: config.rateLimit.backend === "upstash",
  };
}

/** Served: a 2xx answer not broken off by a failure (a client leaving is not one); its tokens count toward the plan's. */
function settlement(ended: AnswerEnded): AnswerEnd {
  const served = ended.status >= 200 && ended.status <= 299 && ended.error === undefined;
  return served ? { served, tokens: Math.max(0, Math.round(ended.usage?.total_tokens ?? 0)) } : { served };
}

function refused(refusal: AdmissionRefusal): GatewayError {
  return new GatewayError({ status: refusal.status, code: refusal.code, message: refusal.message, retryAfterSeconds: refusal.retryAfterSeconds });
}

/** Quotas must hold exactly, so when the user's object cannot be reached requests are refused rather than waved through. */
export function quotaUnavailable(scope: Pick<RequestScope, "warn">, label: string, error: unknown): GatewayError {
  scope.warn(label, error);
  return new GatewayError({ status: 503, code: "quota_unavailable", retryAfterSeconds: 1, message: "Quotas cannot be checked right now; try again shortly." });
}

async function admit(scope: RequestScope<unknown>): Promise<Admitted> {
  let answer: Admitted | AdmissionRefusal;
  try {
    answer = await quotaLeasesFor(scope.env.USER_QUOTA).admit({ ...admissionTerms(scope), waitUntil: (work) => scope.later("quota lease", work) });
  } catch (error) {
    throw quotaUnavailable(scope, "admit failed", error);
  }
  if (!answer.ok) throw refused(answer);
  return answer;
}

/**
 * Tier, quota and rate limit (CONTRACT.md): the sample tier's 3, the user's
 * usage limit, the plan's tokens per day and requests per minute, unless the
 * user's own key serves. Admitted from a lease of permits this isolate holds
 * from the user's `UserQuota` object (`QuotaLeases`: no Durable Object call
 * while it holds permits), and settled, in a batch, when the answer ended:
 * counted when served, given back otherwise.
 */
export async function admission<Body>(scope: RequestScope<Body>, next: Next<Body>): Promise<Answer> {
  const { principal } = scope;
  const limits = scope.config.plans[principal.plan];
  const upstash = scope.config.rateLimit.backend === "upstash" ? scope.config.rateLimit : undefined;
  const own = ownKeyServes(scope);
  const admitted = await admit(scope);

  if (upstash && principal.tier === "verified" && !own) {
    const rate = await rateLimiterFor(upstash).limit({ userId: principal.userId, plan: principal.plan, requestsPerMinute: limits.requestsPerMinute })
      .catch((error: unknown) => {
        // Fail open: Upstash only paces requests; the exact quotas were checked by the object.
        scope.warn("upstash rate limit unavailable", error);
        return { ok: true } as const;
      });
    if (!rate.ok) {
      admitted.settle({ served: false });
      throw new GatewayError({ status: 429, code: "rate_limited", retryAfterSeconds: rate.retryAfterSeconds, message: `Your plan allows ${limits.requestsPerMinute} requests per minute; retry after the Retry-After seconds.` });
    }
  }
  scope.ended.subscribe((ended) => admitted.settle(settlement(ended)));
  return next();
}
