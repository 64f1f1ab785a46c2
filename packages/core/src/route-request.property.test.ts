import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProviderId } from "./chat-types.ts";
import { ManualClock } from "./manual-clock.ts";
import { RouteFailure } from "./route-failure.ts";
import { routeRequest } from "./route-request.ts";
import type { Candidate } from "./route-types.ts";
import { UpstreamError, type UpstreamErrorKind } from "./upstream-error.ts";

const PROVIDERS: ProviderId[] = ["openai", "anthropic", "google", "groq"];
const FAILURES: UpstreamErrorKind[] = ["server", "rate_limit", "overloaded", "connection", "auth", "quota_exhausted", "bad_request"];

interface Step {
  outcome: "ok" | "hang" | UpstreamErrorKind;
  after: number;
  retryAfterMs: number | undefined;
}

const step: fc.Arbitrary<Step> = fc.record({
  outcome: fc.constantFrom<Step["outcome"]>("ok", "hang", ...FAILURES),
  after: fc.integer({ min: 1, max: 400 }),
  retryAfterMs: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
});

const scenario = fc.record({
  scripts: fc.array(fc.array(step, { maxLength: 4 }), { minLength: 1, maxLength: 4 }),
  attemptsPerCandidate: fc.integer({ min: 1, max: 3 }),
  deadlineMs: fc.integer({ min: 50, max: 3_000 }),
  random: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
});

describe("routeRequest (property)", () => {
  it("bounds attempts, stops after a success, and succeeds iff an attempt succeeded in time", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ scripts, attemptsPerCandidate, deadlineMs, random }) => {
        const clock = new ManualClock();
        const candidates: Candidate[] = scripts.map((_, index) => ({ provider: PROVIDERS[index] ?? "openai", model: `m${index}` }));
        const queues = scripts.map((script) => [...script]);
        const calls: { index: number; at: number }[] = [];
        const served: string[] = [];
        let stopped = false;

        const attempt = async (candidate: Candidate, signal: AbortSignal): Promise<string> => {
          const index = candidates.indexOf(candidate);
          expect(stopped).toBe(false);
          calls.push({ index, at: clock.now() });
          const next = queues[index]?.shift() ?? { outcome: "ok", after: 5, retryAfterMs: undefined };
          await clock.sleep(next.outcome === "hang" ? 1e9 : next.after, signal);
          if (next.outcome === "ok") {
            const value = `${index}@${calls.length}`;
            served.push(value);
            return value;
          }
          if (next.outcome === "bad_request") stopped = true;
          throw new UpstreamError({ provider: candidate.provider, kind: next.outcome as UpstreamErrorKind, message: "scripted", retryAfterMs: next.retryAfterMs });
        };

        const outcome = await clock
          .run(routeRequest(candidates, attempt, {
            clock, random: () => random, signal: new AbortController().signal, timeoutMs: 300,
            timeouts: { upstreamMs: 300, firstTokenMs: 300, streamIdleMs: 300, deadlineMs },
            retry: { attemptsPerCandidate, baseDelayMs: 50, maxDelayMs: 400 },
          }))
          .then((result) => ({ ok: true as const, result }), (error: unknown) => ({ ok: false as const, error }));

        for (const index of candidates.keys()) {
          expect(calls.filter((call) => call.index === index).length).toBeLessThanOrEqual(attemptsPerCandidate);
        }
        expect(calls.every((call) => call.at < deadlineMs)).toBe(true);
        const order = calls.map((call) => call.index);
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(outcome.ok).toBe(served.length > 0);
        if (outcome.ok) {
          expect(served).toEqual([outcome.result.value]);
          expect(outcome.result.value).toBe(`${calls.at(-1)?.index}@${calls.length}`);
          expect(outcome.result.attempts).toHaveLength(calls.length);
          expect(clock.now()).toBeLessThanOrEqual(deadlineMs);
        } else {
          expect(outcome.error).toBeInstanceOf(RouteFailure);
          expect((outcome.error as RouteFailure).attempts).toHaveLength(calls.length);
        }
        expect(clock.pendingSleeps).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
