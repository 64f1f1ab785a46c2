import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProviderId } from "./chat-types.ts";
import { HedgeLost } from "./hedge-lost.ts";
import { ManualClock } from "./manual-clock.ts";
import { RouteFailure } from "./route-failure.ts";
import { routeRequest } from "./route-request.ts";
import type { Candidate } from "./route-types.ts";
import { UpstreamError, type UpstreamErrorKind } from "./upstream-error.ts";

const PROVIDERS: ProviderId[] = ["openai", "anthropic", "google", "groq"];
const FAILURES: UpstreamErrorKind[] = ["server", "rate_limit", "connection", "auth", "bad_request"];

interface Step {
  outcome: "ok" | "refuse" | "hang" | UpstreamErrorKind;
  after: number;
}

const step: fc.Arbitrary<Step> = fc.record({
  outcome: fc.constantFrom<Step["outcome"]>("ok", "ok", "refuse", "hang", ...FAILURES),
  // Coarse times, so answers often arrive at the same instant as another leg's.
  after: fc.integer({ min: 1, max: 8 }).map((tenth) => tenth * 50),
});

const scenario = fc.record({
  scripts: fc.array(fc.array(step, { maxLength: 3 }), { minLength: 1, maxLength: 4 }),
  afterMs: fc.integer({ min: 1, max: 8 }).map((tenth) => tenth * 50),
  attemptsPerCandidate: fc.integer({ min: 1, max: 2 }),
  deadlineMs: fc.integer({ min: 100, max: 2_000 }),
});

interface Call {
  index: number;
  signal: AbortSignal;
  value?: string;
  done: boolean;
  endedAt?: number;
}

describe("routeRequest with a hedge (property)", () => {
  it("returns exactly one answer, releases every other, aborts every loser and records every attempt", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ scripts, afterMs, attemptsPerCandidate, deadlineMs }) => {
        const clock = new ManualClock();
        const candidates: Candidate[] = scripts.map((_, index) => ({ provider: PROVIDERS[index] ?? "openai", model: `m${index}` }));
        const queues = scripts.map((script) => [...script]);
        const calls: Call[] = [];
        const released: string[] = [];
        let widest = 0;
        // One shared wake-up per instant, so answers due at the same time arrive in the same turn.
        const instants = new Map<number, Promise<void>>();
        const instant = (at: number) => instants.get(at) ?? instants.set(at, clock.sleep(at - clock.now())).get(at)!;
        const wait = (ms: number, signal: AbortSignal) => new Promise<void>((resolve, reject) => {
          if (signal.aborted) return reject(signal.reason);
          signal.addEventListener("abort", () => reject(signal.reason), { once: true });
          instant(clock.now() + ms).then(resolve);
        });

        const attempt = async (candidate: Candidate, signal: AbortSignal): Promise<string> => {
          const call: Call = { index: candidates.indexOf(candidate), signal, done: false };
          calls.push(call);
          widest = Math.max(widest, calls.filter((other) => !other.done && !other.signal.aborted).length);
          const next = queues[call.index]?.shift() ?? { outcome: "ok", after: 50 };
          try {
            await (next.outcome === "hang" ? clock.sleep(1e9, signal) : wait(next.after, signal));
          } finally {
            call.done = true;
            call.endedAt = clock.now();
          }
          if (next.outcome === "ok" || next.outcome === "refuse") return (call.value = `${next.outcome}:${calls.length}`);
          // A hang never gets here: its sleep outlasts every limit and is aborted.
          throw new UpstreamError({ provider: candidate.provider, kind: next.outcome as UpstreamErrorKind, message: "scripted" });
        };

        const outcome = await clock
          .run(routeRequest(candidates, attempt, {
            clock, random: () => 0.5, signal: new AbortController().signal, timeoutMs: 600, hedge: { afterMs },
            isRefusal: (value) => value.startsWith("refuse"), release: (value) => released.push(value),
            timeouts: { upstreamMs: 600, firstTokenMs: 600, streamIdleMs: 600, deadlineMs },
            retry: { attemptsPerCandidate, baseDelayMs: 50, maxDelayMs: 200 },
          }))
          .then((result) => ({ ok: true as const, result }), (error: unknown) => ({ ok: false as const, error }));

        const answers = calls.flatMap((call) => (call.value === undefined ? [] : [call.value]));
        const returned = outcome.ok ? [outcome.result.value] : [];
        expect(widest).toBeLessThanOrEqual(2);
        // Every answer produced is either the one returned or released, once.
        expect([...returned, ...released].sort()).toEqual([...answers].sort());
        if (outcome.ok) expect(answers).toContain(outcome.result.value);
        if (!outcome.ok) expect(outcome.error).toBeInstanceOf(RouteFailure);
        // A served answer is preferred to any refusal.
        if (answers.some((answer) => answer.startsWith("ok")) && outcome.ok) expect(outcome.result.value).toMatch(/^ok/);

        const records = outcome.ok ? outcome.result.attempts : (outcome.error as RouteFailure).attempts;
        expect(records).toHaveLength(calls.length);
        const lost = calls.filter((call) => call.value === undefined && call.signal.reason instanceof HedgeLost);
        expect(records.filter((record) => record.outcome === "hedge_lost")).toHaveLength(lost.length);
        // Nothing keeps running once the router has answered.
        expect(calls.every((call) => call.done)).toBe(true);
        const winner = outcome.ok ? calls.find((call) => call.value === outcome.result.value) : undefined;
        if (winner) expect(winner.signal.aborted).toBe(false);
        // A served answer goes out when it arrives: losers are stopped, not waited for.
        if (winner?.value?.startsWith("ok")) expect(clock.now()).toBe(winner.endedAt);
      }),
      { numRuns: 300 },
    );
  });
});
