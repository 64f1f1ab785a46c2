import type { RequestRateLimiter } from "./request-rate-limiter.ts";
import { UpstashRateLimiter } from "./upstash-rate-limiter.ts";

const limiters = new Map<string, RequestRateLimiter>();

/**
 * One limiter per Upstash database and isolate: it keeps what it learned
 * (identifiers blocked until their reset) across requests.
 */
export function rateLimiterFor(upstash: { url: string; token: string }): RequestRateLimiter {
  const key = `${upstash.url}\n${upstash.token}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new UpstashRateLimiter(upstash);
    limiters.set(key, limiter);
  }
  return limiter;
}
