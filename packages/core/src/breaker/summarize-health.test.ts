import { describe, expect, it } from "vitest";
import { summarizeHealth, type HealthSample } from "./summarize-health.ts";

const ok = (latencyMs: number, ttftMs?: number): HealthSample => ({ kind: "ok", latencyMs, ttftMs });

describe("summarizeHealth", () => {
  it("is all-healthy and without percentiles when empty", () => {
    expect(summarizeHealth([])).toEqual({ requests: 0, successRate: 1 });
  });

  it("takes nearest-rank percentiles of successful answers only", () => {
    const samples = [...Array.from({ length: 20 }, (_, index) => ok((index + 1) * 10)), { kind: "timeout", latencyMs: 60_000 } as const];
    expect(summarizeHealth(samples)).toMatchObject({ requests: 21, p50Ms: 100, p95Ms: 190 });
  });

  it("counts caller mistakes and refusals as healthy, provider and key failures as not", () => {
    const stats = summarizeHealth([ok(5), { kind: "bad_request", latencyMs: 1 }, { kind: "content_filter", latencyMs: 1 }, { kind: "server", latencyMs: 1 }, { kind: "rate_limit", latencyMs: 1 }]);
    expect(stats.successRate).toBeCloseTo(3 / 5);
  });

  it("reports time to first token of streams", () => {
    expect(summarizeHealth([ok(100, 30), ok(200, 50), ok(300)]).ttftP50Ms).toBe(30);
  });
});
