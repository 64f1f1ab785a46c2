import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { periodAt, secondsUntil } from "./usage-period.ts";

describe("periodAt", () => {
  it("names the UTC day and month and where they end", () => {
    const now = Date.UTC(2026, 1, 28, 23, 59, 30);
    expect(periodAt(now, "daily")).toEqual({ key: "2026-02-28", startsAt: Date.UTC(2026, 1, 28), endsAt: Date.UTC(2026, 2, 1) });
    expect(periodAt(now, "monthly")).toEqual({ key: "2026-02", startsAt: Date.UTC(2026, 1, 1), endsAt: Date.UTC(2026, 2, 1) });
    expect(periodAt(Date.UTC(2026, 11, 31, 12), "monthly").endsAt).toBe(Date.UTC(2027, 0, 1));
  });

  it("contains `now`, and the next period starts exactly where this one ends", () => {
    const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) });
    fc.assert(fc.property(instant, fc.constantFrom("daily" as const, "monthly" as const), (now, period) => {
      const window = periodAt(now, period);
      expect(window.startsAt).toBeLessThanOrEqual(now);
      expect(window.endsAt).toBeGreaterThan(now);
      expect(periodAt(window.endsAt, period).startsAt).toBe(window.endsAt);
      expect(periodAt(window.endsAt - 1, period).key).toBe(window.key);
      expect(periodAt(window.endsAt, period).key).not.toBe(window.key);
    }));
  });
});

describe("secondsUntil", () => {
  it("rounds up and is never below 1", () => {
    expect(secondsUntil(10_001, 0)).toBe(11);
    expect(secondsUntil(10_000, 0)).toBe(10);
    expect(secondsUntil(5, 10)).toBe(1);
  });
});
