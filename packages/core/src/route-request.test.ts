import { describe, expect, it } from "vitest";
import type { ProviderId } from "./chat-types.ts";
import { GatewayError } from "./gateway-error.ts";
import { ManualClock } from "./manual-clock.ts";
import { RouteFailure } from "./route-failure.ts";
import { routeRequest } from "./route-request.ts";
import type { Candidate, RouteRequestOptions } from "./route-types.ts";
import { UpstreamError, type UpstreamErrorKind } from "./upstream-error.ts";

const A: Candidate = { provider: "openai", model: "gpt-5.4" };
const B: Candidate = { provider: "anthropic", model: "claude-sonnet-5" };
const C: Candidate = { provider: "google", model: "gemini-3-pro" };

const STATUS: Partial<Record<UpstreamErrorKind, number>> = { server: 503, rate_limit: 429, bad_request: 400, auth: 401 };

/** One scripted attempt: answers `value` or throws `fail` after `after` ms; `hang` never answers. */
interface Step {
  after?: number;
  value?: string;
  fail?: UpstreamErrorKind;
  status?: number;
  retryAfterMs?: number;
  hang?: boolean;
}

function setup(script: Partial<Record<ProviderId, Step[]>>, overrides: Partial<RouteRequestOptions<string>> = {}) {
  const clock = new ManualClock();
  const client = new AbortController();
  const calls: { provider: ProviderId; at: number; signal: AbortSignal }[] = [];
  const attempt = async (candidate: Candidate, signal: AbortSignal): Promise<string> => {
    calls.push({ provider: candidate.provider, at: clock.now(), signal });
    const step = script[candidate.provider]?.shift() ?? {};
    await clock.sleep(step.hang ? 1e9 : (step.after ?? 10), signal);
    if (step.fail) {
      const status = step.status ?? STATUS[step.fail];
      throw new UpstreamError({ provider: candidate.provider, kind: step.fail, status, message: `${step.fail} from ${candidate.provider}`, retryAfterMs: step.retryAfterMs });
    }
    return step.value ?? `${candidate.provider}:ok`;
  };
  const options: RouteRequestOptions<string> = {
    clock, random: () => 0.5, signal: client.signal, timeoutMs: 1_000,
    timeouts: { upstreamMs: 1_000, firstTokenMs: 500, streamIdleMs: 500, deadlineMs: 10_000 },
    retry: { attemptsPerCandidate: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
    ...overrides,
  };
  const start = (candidates: Candidate[]) => routeRequest(candidates, attempt, options);
  const route = (candidates: Candidate[]) => clock.run(start(candidates));
  return { clock, client, calls, start, route };
}

async function failure(promise: Promise<unknown>): Promise<RouteFailure> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(RouteFailure);
  return error as RouteFailure;
}

describe("routeRequest", () => {
  it("serves from the first candidate that answers and leaves no timer behind", async () => {
    const { route, calls, clock } = setup({});
    const result = await route([A, B]);
    expect(result).toMatchObject({ value: "openai:ok", candidate: A, fallbacks: [] });
    expect(result.attempts).toEqual([{ provider: "openai", model: "gpt-5.4", outcome: "ok", status: undefined, startedAt: 0, latencyMs: 10 }]);
    expect(calls.map((call) => call.provider)).toEqual(["openai"]);
    expect(clock.pendingSleeps).toBe(0);
  });

  it("tries candidates in order, retrying retryable errors, and lists each abandoned one", async () => {
    const { route, calls } = setup({ openai: [{ fail: "server" }, { fail: "server" }, { fail: "server" }], anthropic: [{ hang: true }] });
    const result = await route([A, B, C]);
    expect(calls.map((call) => call.provider)).toEqual(["openai", "openai", "openai", "anthropic", "google"]);
    expect(result.candidate).toEqual(C);
    expect(result.fallbacks).toEqual([{ provider: "openai", reason: "503" }, { provider: "anthropic", reason: "timeout" }]);
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(["server", "server", "server", "timeout", "ok"]);
  });

  it("waits the full-jitter backoff between retries, and never less than Retry-After", async () => {
    const { route, calls } = setup({ openai: [{ fail: "rate_limit" }, { fail: "rate_limit", retryAfterMs: 700 }] });
    await route([A]);
    // Fails at 10, waits 0.5 * 100; fails at 70, waits max(0.5 * 200, 700).
    expect(calls.map((call) => call.at)).toEqual([0, 60, 770]);
  });

  it("neither retries nor falls back on the caller's fault, and answers with the upstream status", async () => {
    const { route, calls } = setup({ openai: [{ fail: "bad_request", status: 422 }] });
    const error = await failure(route([A, B]));
    expect(calls).toHaveLength(1);
    expect(error.fallbacks).toEqual([]);
    expect(error.toGatewayError()).toMatchObject({ status: 422, code: "upstream_error", message: "bad_request from openai" });
  });

  it("moves on after a timeout without retrying the same candidate, aborting with a timeout reason", async () => {
    const { route, calls } = setup({ openai: [{ hang: true }] });
    const result = await route([A, B]);
    expect(calls.map((call) => [call.provider, call.at])).toEqual([["openai", 0], ["anthropic", 1_000]]);
    const reason: unknown = calls[0]?.signal.reason;
    expect(reason).toBeInstanceOf(UpstreamError);
    expect(reason).toMatchObject({ kind: "timeout", provider: "openai" });
    expect(result.fallbacks).toEqual([{ provider: "openai", reason: "timeout" }]);
  });

  it("stops retrying when the wait would pass the deadline, and cuts the attempt at the deadline", async () => {
    const deadline = { upstreamMs: 1_000, firstTokenMs: 500, streamIdleMs: 500, deadlineMs: 300 };
    const { route, calls } = setup(
      { openai: [{ fail: "server", retryAfterMs: 200 }, { fail: "server", retryAfterMs: 200 }], anthropic: [{ hang: true }] },
      { timeouts: deadline },
    );
    const error = await failure(route([A, B, C]));
    expect(calls.map((call) => [call.provider, call.at])).toEqual([["openai", 0], ["openai", 210], ["anthropic", 220]]);
    expect(error.attempts.map((attempt) => attempt.outcome)).toEqual(["server", "server", "timeout"]);
    expect(error.last.message).toMatch(/deadline of 300 ms/);
    expect(error.toGatewayError()).toMatchObject({ status: 502, code: "upstream_error", message: "Every upstream candidate failed (openai:503, anthropic:timeout)." });
  });

  it("stops at once when the client goes away, making no further attempt", async () => {
    const { clock, client, calls, start } = setup({ openai: [{ hang: true }] });
    const gone = new Error("client gone");
    const routed = start([A, B]);
    await clock.advance(50);
    client.abort(gone);
    await expect(routed).rejects.toBe(gone);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.signal.reason).toBe(gone);
    expect(clock.pendingSleeps).toBe(0);
  });

  it("stops during a backoff wait when the client goes away", async () => {
    const { clock, client, calls, start } = setup({ openai: [{ fail: "server", retryAfterMs: 5_000 }] });
    const routed = start([A, B]);
    await clock.advance(100);
    client.abort(new Error("client gone"));
    await expect(routed).rejects.toThrow("client gone");
    expect(calls).toHaveLength(1);
  });

  it("falls back on a refusal and releases the refused answer", async () => {
    const released: string[] = [];
    const { route } = setup({ openai: [{ value: "refused" }] }, { isRefusal: (value) => value === "refused", release: (value) => released.push(value) });
    const result = await route([A, B]);
    expect(result).toMatchObject({ value: "anthropic:ok", candidate: B, fallbacks: [{ provider: "openai", reason: "content_filter" }] });
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(["content_filter", "ok"]);
    expect(released).toEqual(["refused"]);
  });

  it("returns the last refusal as given when no candidate is left", async () => {
    const released: string[] = [];
    const { route } = setup(
      { openai: [{ value: "no (openai)" }], anthropic: [{ value: "no (anthropic)" }], google: [{ fail: "auth" }] },
      { isRefusal: (value) => value.startsWith("no"), release: (value) => released.push(value) },
    );
    const result = await route([A, B, C]);
    expect(result).toMatchObject({ value: "no (anthropic)", candidate: B });
    expect(result.fallbacks).toEqual([{ provider: "openai", reason: "content_filter" }, { provider: "google", reason: "401" }]);
    expect(released).toEqual(["no (openai)"]);
  });

  it("answers 504 when every failure was a timeout", async () => {
    const { route } = setup({ openai: [{ hang: true }], anthropic: [{ hang: true }] });
    const error = await failure(route([A, B]));
    expect(error.timedOut).toBe(true);
    expect(error.toGatewayError()).toMatchObject({ status: 504, code: "upstream_timeout", message: "No upstream answered in time (openai:timeout, anthropic:timeout)." });
  });

  it("answers 502 naming providers and reasons when failures are mixed", async () => {
    const { route } = setup({ openai: [{ hang: true }], anthropic: [{ fail: "auth" }] });
    const error = await failure(route([A, B]));
    expect(error.toGatewayError()).toMatchObject({ status: 502, code: "upstream_error", message: "Every upstream candidate failed (openai:timeout, anthropic:401)." });
  });

  it("answers 503 no_candidate_available for an empty list", async () => {
    const { route } = setup({});
    const error: unknown = await route([]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 503, code: "no_candidate_available" });
  });

  it("rethrows what is not an upstream error instead of hiding a bug behind a fallback", async () => {
    const clock = new ManualClock();
    const bug = new TypeError("bug");
    const routed = routeRequest([A, B], () => Promise.reject(bug), {
      clock, random: () => 0, signal: new AbortController().signal,
      timeouts: { upstreamMs: 1, firstTokenMs: 1, streamIdleMs: 1, deadlineMs: 100 },
      retry: { attemptsPerCandidate: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(clock.run(routed)).rejects.toBe(bug);
  });

  it("keeps the served attempt's signal linked to the client, so a stream it opened still stops", async () => {
    const { client, calls, route } = setup({});
    await route([A]);
    expect(calls[0]?.signal.aborted).toBe(false);
    client.abort(new Error("client gone"));
    expect(calls[0]?.signal.aborted).toBe(true);
  });
});
