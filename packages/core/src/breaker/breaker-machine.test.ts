import { describe, expect, it } from "vitest";
import { acquirePermit } from "./acquire-permit.ts";
import type { BreakerPolicy } from "./breaker-policy.ts";
import { CLOSED, type BreakerState } from "./breaker-state.ts";
import { recordBreakerOutcome } from "./record-breaker-outcome.ts";
import { releasePermit } from "./release-permit.ts";

const policy: BreakerPolicy = { threshold: 3, windowMs: 1_000, resetMs: 500, leaseMs: 200 };

function fail(state: BreakerState, now: number, extra: { permit?: string; cooldownMs?: number; at?: number } = {}): BreakerState {
  return recordBreakerOutcome(state, { now, policy, failure: true, ...extra });
}

function succeed(state: BreakerState, now: number, permit?: string): BreakerState {
  return recordBreakerOutcome(state, { now, policy, failure: false, permit });
}

function acquire(state: BreakerState, now: number, permitId = `p${now}`) {
  return acquirePermit(state, { now, policy, permitId });
}

function openAt(now: number): BreakerState {
  return fail(fail(fail(CLOSED, now), now), now);
}

describe("breaker state machine", () => {
  it("opens after threshold failures within the window, not before", () => {
    const two = fail(fail(CLOSED, 0), 10);
    expect(two).toEqual({ state: "closed", failures: [0, 10] });
    expect(fail(two, 20)).toEqual({ state: "open", openedAt: 20, openUntil: 520 });
  });

  it("forgets failures older than the window", () => {
    const two = fail(fail(CLOSED, 0), 10);
    expect(fail(two, 1_005)).toEqual({ state: "closed", failures: [10, 1_005] });
    // A failure exactly `windowMs` old is outside the window.
    expect(fail(fail(fail(CLOSED, 0), 500), 1_000)).toEqual({ state: "closed", failures: [500, 1_000] });
  });

  it("lets everything through while closed, without permits", () => {
    expect(acquire(CLOSED, 0).decision).toEqual({ allowed: true, state: "closed" });
  });

  it("rejects while open, saying until when", () => {
    expect(acquire(openAt(0), 499).decision).toEqual({ allowed: false, state: "open", openUntil: 500 });
  });

  it("gives one half-open permit once the open period is over; a second caller waits for its lease", () => {
    const first = acquire(openAt(0), 500, "probe-1");
    expect(first.decision).toEqual({ allowed: true, state: "half_open", permit: { id: "probe-1", expiresAt: 700 } });
    const second = acquire(first.next, 600, "probe-2");
    expect(second.decision).toEqual({ allowed: false, state: "half_open", openUntil: 700 });
  });

  it("gives a new permit once the old lease expired (a cancelled probe cannot hold it forever)", () => {
    const first = acquire(openAt(0), 500, "probe-1");
    const later = acquire(first.next, 700, "probe-2");
    expect(later.decision.permit?.id).toBe("probe-2");
    // The expired probe's late report no longer decides.
    expect(fail(later.next, 710, { permit: "probe-1" })).toEqual(later.next);
  });

  it("closes on the probe's success and re-opens on its failure", () => {
    const { next } = acquire(openAt(0), 500, "probe");
    expect(succeed(next, 550, "probe")).toEqual({ state: "closed", failures: [] });
    expect(fail(next, 550, { permit: "probe" })).toEqual({ state: "open", openedAt: 550, openUntil: 1_050 });
  });

  it("ignores outcomes without the permit while half-open, and late ones while open", () => {
    const { next } = acquire(openAt(0), 500, "probe");
    expect(succeed(next, 510)).toEqual(next);
    expect(fail(next, 510)).toEqual(next);
    expect(succeed(openAt(0), 100)).toEqual(openAt(0));
  });

  it("releases an unused permit so the next caller may probe at once", () => {
    const { next } = acquire(openAt(0), 500, "probe");
    expect(releasePermit(next, "other", 510)).toEqual(next);
    const released = releasePermit(next, "probe", 510);
    expect(released).toEqual({ state: "half_open" });
    expect(acquire(released, 511, "probe-2").decision.allowed).toBe(true);
  });

  it("opens at once for a cooldown, for what it asked from when it came; a longer one lengthens it, a shorter one does not", () => {
    expect(fail(CLOSED, 0, { cooldownMs: 2_000 })).toEqual({ state: "open", openedAt: 0, openUntil: 2_000 });
    expect(fail(openAt(0), 100, { cooldownMs: 3_000 })).toEqual({ state: "open", openedAt: 100, openUntil: 3_100 });
    expect(fail(openAt(0), 100, { cooldownMs: 50 })).toEqual(openAt(0));
    // Reported 300 ms after the 429 came: the cooldown still ends 1 s after the 429.
    expect(fail(CLOSED, 500, { cooldownMs: 1_000, at: 200 })).toEqual({ state: "open", openedAt: 200, openUntil: 1_200 });
    // Reported once it was over (the request waited it out and retried): nothing left to wait for.
    expect(fail(CLOSED, 1_500, { cooldownMs: 1_000, at: 400 })).toEqual({ state: "closed", failures: [1_500] });
    // A report from the future is taken as of now.
    expect(fail(CLOSED, 500, { cooldownMs: 1_000, at: 900 })).toEqual({ state: "open", openedAt: 500, openUntil: 1_500 });
  });

  it("re-opens after a failed probe for the probe's own cooldown, shorter than the reset period too", () => {
    const { next } = acquire(openAt(0), 500, "probe");
    expect(fail(next, 510, { cooldownMs: 1_000 })).toEqual(next);
    expect(fail(next, 510, { permit: "probe", cooldownMs: 1_000 })).toEqual({ state: "open", openedAt: 510, openUntil: 1_510 });
    expect(fail(next, 510, { permit: "probe", cooldownMs: 100 })).toEqual({ state: "open", openedAt: 510, openUntil: 610 });
  });

  it("with failedProbeCounts (a key's), counts a failed probe without a cooldown as one failure instead of re-opening", () => {
    const { next } = acquire(fail(CLOSED, 0, { cooldownMs: 500 }), 500, "probe");
    const probeFailed = { now: 510, failure: true, permit: "probe", failedProbeCounts: true };
    expect(recordBreakerOutcome(next, { ...probeFailed, policy })).toEqual({ state: "closed", failures: [510] });
    expect(recordBreakerOutcome(next, { ...probeFailed, policy: { ...policy, threshold: 1 } })).toEqual({ state: "open", openedAt: 510, openUntil: 1_010 });
    // Its own Retry-After still re-opens it for that long.
    expect(recordBreakerOutcome(next, { ...probeFailed, policy, cooldownMs: 300 })).toEqual({ state: "open", openedAt: 510, openUntil: 810 });
  });

  it("does not let threshold-counting stretch a cooldown", () => {
    const nearly = fail(fail(CLOSED, 0), 10);
    expect(fail(nearly, 20, { cooldownMs: 100 })).toEqual({ state: "open", openedAt: 20, openUntil: 120 });
  });

  it("closes an open period on a recovery that came after it opened, not on one from before", () => {
    const cooling = fail(CLOSED, 100, { cooldownMs: 5_000 });
    const recover = (now: number, at: number) => recordBreakerOutcome(cooling, { now, policy, failure: false, recovered: true, at });
    expect(recover(300, 250)).toEqual({ state: "closed", failures: [] });
    expect(recover(300, 50)).toEqual(cooling);
    expect(recover(300, 100)).toEqual(cooling);
    // Half-open, only the probe decides: a recovery without its permit changes nothing.
    const { next } = acquire(cooling, 5_100, "probe");
    expect(recordBreakerOutcome(next, { now: 5_200, policy, failure: false, recovered: true, at: 5_150 })).toEqual(next);
  });

  it("ignores a cooldown on a success", () => {
    expect(recordBreakerOutcome(CLOSED, { now: 0, policy, failure: false, cooldownMs: 1_000 })).toEqual(CLOSED);
  });
});
