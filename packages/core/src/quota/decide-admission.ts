import type { PlanLimits } from "./plan-limits.ts";
import { slidingWindow, type RateBucket } from "./sliding-window.ts";
import { periodAt, secondsUntil, type UsagePeriod } from "./usage-period.ts";

/** Requests an unverified user is served in total (CONTRACT.md, sample tier). */
export const SAMPLE_REQUESTS = 3;
/** The plan's `requestsPerMinute` is counted over this sliding window. */
export const RATE_WINDOW_MS = 60_000;

/**
 * What one admission looks at, read from the user's counters in one
 * synchronous step. A part is absent when its limit does not apply.
 */
export interface AdmissionInput {
  now: number;
  /** The user's `aiEnabled` setting. */
  aiEnabled: boolean;
  /** Sample tier only: answers served so far plus those in flight. */
  sampleUsed?: number;
  /** The user's own `usageLimit`, with the requests served or in flight in the current period. */
  usage?: { limit: number; period: UsagePeriod; used: number };
  /** Platform limits: verified users whose request no own key serves. */
  platform?: {
    limits: PlanLimits;
    /** Tokens of platform-served answers this UTC day. */
    tokensToday: number;
    /** Admissions in the rate window by time, oldest first; absent when the rate is limited elsewhere (Upstash). */
    recent?: readonly RateBucket[];
  };
}

export interface AdmissionRefusal {
  ok: false;
  status: 403 | 429;
  code: "ai_disabled_for_user" | "sample_exhausted" | "usage_limit_reached" | "token_limit_reached" | "rate_limited";
  message: string;
  retryAfterSeconds?: number;
}

export type AdmissionDecision = { ok: true } | AdmissionRefusal;

/**
 * Admit or refuse one request. Order: the user's switch, the sample, then
 * limits from the longest period to the shortest (usage period, tokens per
 * day, requests per minute), so a Retry-After never sends a client back
 * only to hit a longer limit.
 */
export function decideAdmission(input: AdmissionInput): AdmissionDecision {
  const { now } = input;
  if (!input.aiEnabled) {
    return { ok: false, status: 403, code: "ai_disabled_for_user", message: "AI features are turned off in your settings (aiEnabled: false); turn them on with PUT /v1/settings." };
  }
  if (input.sampleUsed !== undefined && input.sampleUsed >= SAMPLE_REQUESTS) {
    return {
      ok: false, status: 403, code: "sample_exhausted",
      message: `Unverified accounts may make ${SAMPLE_REQUESTS} requests in total, and they are used up. Verify your e-mail address to continue.`,
    };
  }
  if (input.usage && input.usage.used >= input.usage.limit) {
    const { limit, period } = input.usage;
    return {
      ok: false, status: 429, code: "usage_limit_reached", retryAfterSeconds: secondsUntil(periodAt(now, period).endsAt, now),
      message: `You reached your own usage limit of ${limit} requests per ${period === "daily" ? "day" : "month"} (UTC); it resets at the start of the next ${period === "daily" ? "day" : "month"}, or raise it with PUT /v1/settings.`,
    };
  }
  const platform = input.platform;
  if (!platform) return { ok: true };
  if (platform.tokensToday >= platform.limits.tokensPerDay) {
    return {
      ok: false, status: 429, code: "token_limit_reached", retryAfterSeconds: secondsUntil(periodAt(now, "daily").endsAt, now),
      message: `Your plan's ${platform.limits.tokensPerDay} tokens for today (UTC) are used up; they renew at midnight UTC, or add your own provider key.`,
    };
  }
  if (platform.recent) {
    const rate = slidingWindow({ recent: platform.recent, limit: platform.limits.requestsPerMinute, windowMs: RATE_WINDOW_MS, now });
    if (!rate.allowed) {
      return {
        ok: false, status: 429, code: "rate_limited", retryAfterSeconds: secondsUntil(now + rate.retryAfterMs, now),
        message: `Your plan allows ${platform.limits.requestsPerMinute} requests per minute; retry after the Retry-After seconds.`,
      };
    }
  }
  return { ok: true };
}
