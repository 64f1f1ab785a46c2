import { describe, expect, it } from "vitest";
import { backoffDelay, retryDelay } from "./full-jitter-backoff.ts";

const policy = { attemptsPerCandidate: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe("backoffDelay", () => {
  it("is random * min(maxDelayMs, baseDelayMs * 2^attempt)", () => {
    expect(backoffDelay(0, policy, 0.5)).toBe(50);
    expect(backoffDelay(1, policy, 0.5)).toBe(100);
    expect(backoffDelay(2, policy, 0.25)).toBe(100);
    expect(backoffDelay(3, policy, 0.999)).toBeCloseTo(799.2);
  });

  it("is capped by maxDelayMs", () => {
    expect(backoffDelay(10, policy, 0.5)).toBe(500);
  });

  it("is 0 for a draw of 0", () => {
    expect(backoffDelay(4, policy, 0)).toBe(0);
  });
});

describe("retryDelay", () => {
  it("never waits less than Retry-After", () => {
    expect(retryDelay({ attempt: 0, policy, random: 0.5, retryAfterMs: 2_000 })).toBe(2_000);
  });

  it("keeps the jitter when it is the longer wait", () => {
    expect(retryDelay({ attempt: 3, policy, random: 0.5, retryAfterMs: 10 })).toBe(400);
    expect(retryDelay({ attempt: 3, policy, random: 0.5 })).toBe(400);
  });
});
