import { describe, expect, it } from "vitest";
import { AnswerRejected } from "./answer-rejected.ts";
import { ManualClock } from "./manual-clock.ts";
import { routeRequest } from "./route-request.ts";
import type { AnswerCheck, Candidate, RouteRequestOptions } from "./route-types.ts";
import { UpstreamError } from "./upstream-error.ts";

const A: Candidate = { provider: "openai", model: "a" };
const B: Candidate = { provider: "anthropic", model: "b" };
const C: Candidate = { provider: "google", model: "c" };

function setup(check: AnswerCheck<string>) {
  const clock = new ManualClock();
  const calls: string[] = [];
  const options: RouteRequestOptions<string> = {
    clock, random: () => 0.5, signal: new AbortController().signal, timeoutMs: 1_000,
    timeouts: { upstreamMs: 1_000, firstTokenMs: 500, streamIdleMs: 500, deadlineMs: 10_000 },
    retry: { attemptsPerCandidate: 2, baseDelayMs: 100, maxDelayMs: 1_000 },
    check,
  };
  const attempt = async (candidate: Candidate) => {
    calls.push(candidate.provider);
    await clock.sleep(10);
    return `answer from ${candidate.provider}`;
  };
  return { calls, route: (candidates: Candidate[]) => clock.run(routeRequest(candidates, attempt, options)) };
}

async function rejected(promise: Promise<unknown>): Promise<AnswerRejected> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AnswerRejected);
  return error as AnswerRejected;
}

describe("routeRequest with an answer check", () => {
  it("moves to the next candidate when an answer fails the check, and serves what the check returns", async () => {
    const { route, calls } = setup(async (value, candidate) =>
      candidate.provider === "openai" ? { ok: false, reason: "guardrail_pii", detail: "pii" } : { ok: true, value: value.toUpperCase() });
    const result = await route([A, B, C]);
    expect(calls).toEqual(["openai", "anthropic"]);
    expect(result.value).toBe("ANSWER FROM ANTHROPIC");
    expect(result.fallbacks).toEqual([{ provider: "openai", reason: "guardrail_pii" }]);
    expect(result.attempts.map((attempt) => attempt.outcome)).toEqual(["ok", "ok"]);
  });

  it("throws AnswerRejected with every rejection when no answer passes", async () => {
    const { route, calls } = setup(async () => ({ ok: false, reason: "structured_invalid" }));
    const error = await rejected(route([A, B]));
    expect(calls).toEqual(["openai", "anthropic"]);
    expect(error.rejections.map((rejection) => rejection.candidate.provider)).toEqual(["openai", "anthropic"]);
    expect(error.last.reason).toBe("structured_invalid");
  });

  it("tries no other candidate when the check says stop", async () => {
    const { route, calls } = setup(async () => ({ ok: false, reason: "guardrail_phrases", stop: true }));
    const error = await rejected(route([A, B]));
    expect(calls).toEqual(["openai"]);
    expect(error.fallbacks).toEqual([{ provider: "openai", reason: "guardrail_phrases" }]);
  });

  it("counts an upstream failure inside the check (a repair call) as the candidate's failure", async () => {
    const { route, calls } = setup(async (value, candidate) => {
      if (candidate.provider === "openai") throw new UpstreamError({ provider: "openai", kind: "server", status: 503, message: "repair failed" });
      return { ok: true, value };
    });
    const result = await route([A, B]);
    expect(calls).toEqual(["openai", "anthropic"]);
    expect(result.fallbacks).toEqual([{ provider: "openai", reason: "503" }]);
  });
});
