/** Admissions that share one time, e.g. one second of a per-second bucketed log. */
export interface RateBucket {
  at: number;
  count: number;
}

export interface SlidingWindowInput {
  /**
   * The admissions already inside the window, grouped by time, oldest first.
   * Only the newest `limit` admissions matter, so a caller may pass just those.
   */
  recent: readonly RateBucket[];
  limit: number;
  windowMs: number;
  now: number;
}

export type SlidingWindowDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** How many admissions of `recent` are inside the window that ends at `now` (a bucket at `t` counts while `now < t + windowMs`). */
export function admissionsInWindow(recent: readonly RateBucket[], windowMs: number, now: number): number {
  // Entries a little ahead of `now` still count: callers' clocks may differ by a few ms.
  let inWindow = 0;
  for (const bucket of recent) if (bucket.at > now - windowMs) inWindow += bucket.count;
  return inWindow;
}

/**
 * A sliding-window log over buckets: a request is allowed when fewer than
 * `limit` requests were admitted in the `windowMs` before `now`. When it is
 * not, `retryAfterMs` is when enough of the oldest buckets have left the
 * window for one more, the first moment a request can be allowed again.
 * Unlike a fixed window there is no burst of 2x the limit around a
 * boundary. With one bucket per admission it is exact; the UserQuota object
 * keeps one per second (O(60) per user).
 */
export function slidingWindow(input: SlidingWindowInput): SlidingWindowDecision {
  const { recent, limit, windowMs, now } = input;
  let inWindow = admissionsInWindow(recent, windowMs, now);
  if (inWindow < limit) return { allowed: true };
  for (const bucket of recent) {
    if (bucket.at <= now - windowMs) continue;
    inWindow -= bucket.count;
    if (inWindow < limit) return { allowed: false, retryAfterMs: bucket.at + windowMs - now };
  }
  throw new Error("unreachable: the window holds at least `limit` admissions");
}
