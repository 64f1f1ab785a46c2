import type { Plan } from "../auth/principal.ts";

export interface RateLimitQuery {
  userId: string;
  plan: Plan;
  requestsPerMinute: number;
}

export type RateLimitAnswer = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts one request against a user's requests per minute somewhere other than the user's UserQuota object. */
export interface RequestRateLimiter {
  limit(query: RateLimitQuery): Promise<RateLimitAnswer>;
}
