import { describe, expect, it } from "vitest";
import type { ProviderId } from "./chat-types.ts";
import { HedgeLost } from "./hedge-lost.ts";
import { ManualClock } from "./manual-clock.ts";
import { RouteFailure } from "./route-failure.ts";
import { routeRequest } from "./route-request.ts";
import type { Candidate, RouteRequestOptions } from "./route-types.ts";
import { UpstreamError, type UpstreamErrorKind } from "./upstream-error.ts";

const A: Candidate = { provider: "openai", model: "gpt-5.4" };
const B: Candidate = { provider: "anthropic", model: "claude-sonnet-5" };
const C: Candidate = { provider: "google", model: "gemini-3-pro" };

/** One scripted attempt: answers after `after` ms, or throws `fail`; `hang` never answers. */
interface Step {
  after?: number;
  fail?: UpstreamErrorKind;
  hang?: boolean;
}

function setup(script: Partial<Record<ProviderId, Step>>, overrides: Partial<RouteRequestOptions<string>> = {}) {
  const clock = new ManualClock();
  const client = new AbortController();
  const calls: { provider: ProviderId; at: number; signal: AbortSignal }[] = [];
  const released: string[] = [];
  const attempt = async (candidate: Candidate, signal: AbortSignal): Promise<string> => {
    calls.push({ provider: candidate.provider, at: clock.now(), signal });
    const step = script[candidate.provider] ?? {};
    await clock.sleep(step.hang ? 1e9 : (step.after ?? 10), signal);
    if (step.fail) throw new UpstreamError({ provider: candidate.provider, kind: step.fail, status: step.fail === "bad_request" ? 400 : 503, message: step.fail });
    return `${candidate.provider}:ok`;
  };
  const options: RouteRequestOptions<string> = {
    clock, random: () => 0.5, signal: client.signal, timeoutMs: 1_000,
    timeouts: { upstreamMs: 1_000, firstTokenMs: 500, streamIdleMs: 500, deadlineMs: 10_000 },
    retry: { attemptsPerCandidate: 1, baseDelayMs: 100, maxDelayMs: 1_000 },
    hedge: { afterMs: 100 },
    release: (value) => released.push(value),
    ...overrides,
  };
  const start = (candidates: Candidate[]) => routeRequest(candidates, attempt, options);
  const route = (candidates: Candidate[]) => clock.run(start(candidates));
  const started = () => calls.map((call) => [call.provider, call.at]);
  return { clock, client, calls, released, start, route, started };
}

describe("routeRequest with a hedge", () => {
  it("starts the next candidate after afterMs of silence; the first answer wins and the other is aborted", async () => {
    const { route, calls, clock, released, started } = setup({ openai: { after: 1_500 }, anthropic: { after: 10 } });
    const result = await route([A, B, C]);
    expect(started()).toEqual([["openai", 0], ["anthropic", 100]]);
    expect(result).toMatchObject({ value: "anthropic:ok", candidate: B, fallbacks: [] });
    expect(result.attempts).toEqual([
      { provider: "anthropic", model: B.model, outcome: "ok", status: undefined, startedAt: 100, latencyMs: 10 },
      { provider: "openai", model: A.model, outcome: "hedge_lost", status: undefined, startedAt: 0, latencyMs: 110 },
    ]);
    expect(calls[0]?.signal.reason).toBeInstanceOf(HedgeLost);
    expect(calls[1]?.signal.aborted).toBe(false);
    expect(released).toEqual([]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it("does not hedge when the first candidate answers within afterMs", async () => {
    const { route, started, clock } = setup({ openai: { after: 99 } });
    const result = await route([A, B]);
    expect(result.value).toBe("openai:ok");
    expect(started()).toEqual([["openai", 0]]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it("lets the first candidate win after the hedge started, aborting the hedge", async () => {
    const { route, calls, started } = setup({ openai: { after: 150 }, anthropic: { after: 200 } });
    const result = await route([A, B]);
    expect(started()).toEqual([["openai", 0], ["anthropic", 100]]);
    expect(result.candidate).toEqual(A);
    expect(result.attempts.map((attempt) => [attempt.provider, attempt.outcome])).toEqual([["openai", "ok"], ["anthropic", "hedge_lost"]]);
    expect(calls[1]?.signal.reason).toBeInstanceOf(HedgeLost);
  });

  it("falls back as usual when a leg fails, hedging again from the youngest leg", async () => {
    const { route, started } = setup({ openai: { after: 150, fail: "server" }, anthropic: { hang: true }, google: { after: 10 } });
    const result = await route([A, B, C]);
    // B started at 100, so once A has failed the next hedge is due at 200.
    expect(started()).toEqual([["openai", 0], ["anthropic", 100], ["google", 200]]);
    expect(result).toMatchObject({ value: "google:ok", fallbacks: [{ provider: "openai", reason: "503" }] });
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(["server", "ok", "hedge_lost"]);
  });

  it("keeps at most two candidates in flight", async () => {
    const { route, started } = setup({ openai: { hang: true }, anthropic: { hang: true }, google: { after: 10 } });
    const result = await route([A, B, C]);
    expect(started()).toEqual([["openai", 0], ["anthropic", 100], ["google", 1_000]]);
    expect(result.fallbacks).toEqual([{ provider: "openai", reason: "timeout" }]);
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(["timeout", "ok", "hedge_lost"]);
  });

  it("stops the other leg when one fails because of the request", async () => {
    const { route, calls } = setup({ openai: { after: 150, fail: "bad_request" }, anthropic: { hang: true } });
    const error: unknown = await route([A, B]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RouteFailure);
    expect((error as RouteFailure).attempts.map((attempt) => attempt.outcome)).toEqual(["bad_request", "hedge_lost"]);
    expect(calls[1]?.signal.reason).toBeInstanceOf(HedgeLost);
  });

  it("stops every leg with the client's reason when the client goes away, recording no hedge loss", async () => {
    const { clock, client, calls, start } = setup({ openai: { hang: true }, anthropic: { hang: true } });
    const routed = start([A, B]);
    await clock.advance(150);
    const gone = new Error("client gone");
    client.abort(gone);
    await expect(routed).rejects.toBe(gone);
    expect(calls.map((call) => call.signal.reason)).toEqual([gone, gone]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it("releases an answer that arrived together with the winner", async () => {
    const clock = new ManualClock();
    const released: string[] = [];
    let answer!: () => void;
    const together = new Promise<void>((resolve) => (answer = resolve));
    const routed = routeRequest([A, B], async (candidate) => {
      await together;
      return candidate.provider;
    }, {
      clock, random: () => 0, signal: new AbortController().signal, hedge: { afterMs: 100 }, release: (value) => released.push(value),
      timeouts: { upstreamMs: 1_000, firstTokenMs: 1_000, streamIdleMs: 1_000, deadlineMs: 10_000 },
      retry: { attemptsPerCandidate: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await clock.advance(100);
    answer();
    const result = await routed;
    expect(result.value).toBe("openai");
    expect(released).toEqual(["anthropic"]);
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(["ok", "ok"]);
  });

  it("does not start a hedge that would begin at or after the deadline", async () => {
    const deadline = { upstreamMs: 1_000, firstTokenMs: 500, streamIdleMs: 500, deadlineMs: 100 };
    const { route, started, clock } = setup({ openai: { hang: true } }, { timeouts: deadline });
    await expect(route([A, B])).rejects.toBeInstanceOf(RouteFailure);
    expect(started()).toEqual([["openai", 0]]);
    expect(clock.pendingSleeps).toBe(0);
  });
});
