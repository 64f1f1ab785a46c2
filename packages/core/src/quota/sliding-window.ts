export interface SlidingWindowInput {
  /**
   * Times (ms) of the requests already admitted inside the window, oldest
   * first. Only the newest `limit` matter, so a caller may pass just those.
   */
  recent: readonly number[];
  limit: number;
  windowMs: number;
  now: number;
}

export type SlidingWindowDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * An exact sliding-window log: a request is allowed when fewer than `limit`
 * requests were admitted in the `windowMs` before `now` (an entry at `t`
 * counts while `now < t + windowMs`). When it is not, `retryAfterMs` is when
 * the oldest of the newest `limit` entries leaves the window, the first
 * moment a request can be allowed again. Unlike a fixed window there is no
 * burst of 2x the limit around a boundary.
 */
export function slidingWindow(input: SlidingWindowInput): SlidingWindowDecision {
  const { recent, limit, windowMs, now } = input;
  // Entries a little ahead of `now` still count: callers' clocks may differ by a few ms.
  const inWindow = recent.filter((at) => at > now - windowMs);
  if (inWindow.length < limit) return { allowed: true };
  const oldestThatMatters = inWindow[inWindow.length - limit]!;
  return { allowed: false, retryAfterMs: oldestThatMatters + windowMs - now };
}
