import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { slidingWindow, type RateBucket } from "./sliding-window.ts";

const WINDOW = 60_000;

/** One bucket per admission: the exact log. */
const buckets = (times: readonly number[]): RateBucket[] => times.map((at) => ({ at, count: 1 }));

/** Drives the limiter the way the UserQuota object does: keep the newest `limit` admissions, ask with each request. */
function run(limit: number, times: readonly number[]) {
  const admitted: number[] = [];
  const refusals: { at: number; retryAfterMs: number; admittedBefore: number[] }[] = [];
  for (const now of times) {
    const decision = slidingWindow({ recent: buckets(admitted.filter((at) => at > now - WINDOW).slice(-limit)), limit, windowMs: WINDOW, now });
    if (decision.allowed) admitted.push(now);
    else refusals.push({ at: now, retryAfterMs: decision.retryAfterMs, admittedBefore: [...admitted] });
  }
  return { admitted, refusals };
}

const arrivals = fc.array(fc.integer({ min: 0, max: 5 * WINDOW }), { maxLength: 80 }).map((times) => [...times].sort((a, b) => a - b));

describe("slidingWindow", () => {
  it("allows up to the limit, then says when the oldest admission leaves the window", () => {
    expect(slidingWindow({ recent: buckets([1_000, 2_000]), limit: 3, windowMs: WINDOW, now: 3_000 })).toEqual({ allowed: true });
    expect(slidingWindow({ recent: buckets([1_000, 2_000, 3_000]), limit: 3, windowMs: WINDOW, now: 3_500 })).toEqual({ allowed: false, retryAfterMs: 57_500 });
    expect(slidingWindow({ recent: buckets([1_000, 2_000, 3_000]), limit: 3, windowMs: WINDOW, now: 61_000 })).toEqual({ allowed: true });
  });

  it("never admits more than the limit in any window", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), arrivals, (limit, times) => {
      const { admitted } = run(limit, times);
      for (const start of admitted) expect(admitted.filter((at) => at >= start && at < start + WINDOW).length).toBeLessThanOrEqual(limit);
    }));
  });

  it("refuses only when the window is full, and its Retry-After is exact: allowed then, not a millisecond before", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), arrivals, (limit, times) => {
      for (const refusal of run(limit, times).refusals) {
        const { at, retryAfterMs, admittedBefore } = refusal;
        expect(retryAfterMs).toBeGreaterThan(0);
        expect(retryAfterMs).toBeLessThanOrEqual(WINDOW);
        const ask = (now: number) => slidingWindow({ recent: buckets(admittedBefore.filter((t) => t > now - WINDOW).slice(-limit)), limit, windowMs: WINDOW, now }).allowed;
        expect(ask(at + retryAfterMs)).toBe(true);
        expect(ask(at + retryAfterMs - 1)).toBe(false);
      }
    }));
  });

  it("counts a bucket as its number of admissions", () => {
    expect(slidingWindow({ recent: [{ at: 1_000, count: 2 }, { at: 2_000, count: 2 }], limit: 3, windowMs: WINDOW, now: 2_500 })).toEqual({ allowed: false, retryAfterMs: 58_500 });
    expect(slidingWindow({ recent: [{ at: 1_000, count: 2 }, { at: 2_000, count: 2 }], limit: 5, windowMs: WINDOW, now: 2_500 })).toEqual({ allowed: true });
  });

  it("gives the same answer from only the newest `limit` entries as from the whole log", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), arrivals, fc.integer({ min: 0, max: 6 * WINDOW }), (limit, times, now) => {
      const log = times.filter((at) => at <= now);
      expect(slidingWindow({ recent: buckets(log.slice(-limit)), limit, windowMs: WINDOW, now })).toEqual(slidingWindow({ recent: buckets(log), limit, windowMs: WINDOW, now }));
    }));
  });
});
