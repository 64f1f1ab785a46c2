import { secondsUntil } from "@chorus/core";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis/cloudflare";
import type { RateLimitAnswer, RateLimitQuery, RequestRateLimiter } from "./request-rate-limiter.ts";

export interface UpstashRateLimiterOptions {
  url: string;
  token: string;
  /** After this long without an answer the request goes ahead (fail open): the exact quotas still hold in the object. Default 1000 ms. */
  timeoutMs?: number;
  /** Key prefix in Redis; default `chorus:rpm`. */
  prefix?: string;
  /** Clock for Retry-After; default Date.now. */
  now?: () => number;
}

/**
 * Requests per minute in Upstash Redis with `@upstash/ratelimit`'s sliding
 * window (Upstash's approximation: this minute's count plus the previous
 * minute's weighted by how much of it still overlaps), one identifier per
 * user and plan, so a plan change starts a fresh window. For operators who
 * already run Upstash (`RATE_LIMIT_BACKEND=upstash`).
 */
export class UpstashRateLimiter implements RequestRateLimiter {
  readonly #redis: Redis;
  readonly #options: Required<Pick<UpstashRateLimiterOptions, "timeoutMs" | "prefix" | "now">>;
  /** One limiter per limit: the algorithm is fixed at construction. */
  readonly #limiters = new Map<number, Ratelimit>();

  constructor(options: UpstashRateLimiterOptions) {
    this.#options = { timeoutMs: options.timeoutMs ?? 1_000, prefix: options.prefix ?? "chorus:rpm", now: options.now ?? Date.now };
    const { timeoutMs } = this.#options;
    this.#redis = new Redis({
      url: options.url,
      token: options.token,
      // The limiter reads only integers: base64 answers (binary-safe strings) would buy nothing.
      responseEncoding: false,
      // A limiter that waits is worse than none: the request goes ahead (fail open) rather than retry with backoff.
      retry: false,
      // Ratelimit's own `timeout` lets the request go ahead but leaves the call running; this ends the call itself.
      // A function, so each call gets a fresh deadline and an abort rejects instead of answering "Aborted".
      signal: () => AbortSignal.timeout(timeoutMs),
      // A batch would carry other requests' commands on one request's fetch, which Workers cancels when that request ends.
      enableAutoPipelining: false,
      // The operator's requests carry no usage reporting to the library's authors.
      enableTelemetry: false,
    });
  }

  async limit(query: RateLimitQuery): Promise<RateLimitAnswer> {
    const answer = await this.#limiter(query.requestsPerMinute).limit(`${query.plan}:${query.userId}`);
    return answer.success ? { ok: true } : { ok: false, retryAfterSeconds: secondsUntil(answer.reset, this.#options.now()) };
  }

  #limiter(requestsPerMinute: number): Ratelimit {
    let limiter = this.#limiters.get(requestsPerMinute);
    if (!limiter) {
      limiter = new Ratelimit({
        redis: this.#redis,
        limiter: Ratelimit.slidingWindow(requestsPerMinute, "60 s"),
        prefix: this.#options.prefix,
        timeout: this.#options.timeoutMs,
        analytics: false,
      });
      this.#limiters.set(requestsPerMinute, limiter);
    }
    return limiter;
  }
}
