import { describe, expect, it } from "vitest";
import { ManualClock } from "./manual-clock.ts";
import { runAttempt } from "./run-attempt.ts";
import type { AttemptFn, Candidate } from "./route-types.ts";
import { UpstreamError } from "./upstream-error.ts";

const candidate: Candidate = { provider: "openai", model: "gpt-test" };

/** An attempt that never settles and ignores its signal, keeping the signal it was given. */
function hangingAttempt(): { attempt: AttemptFn<string>; signal: () => AbortSignal | undefined; calls: () => number } {
  let seen: AbortSignal | undefined;
  let calls = 0;
  return {
    attempt: (_candidate, signal) => {
      calls++;
      seen = signal;
      return new Promise(() => {});
    },
    signal: () => seen,
    calls: () => calls,
  };
}

function run(attempt: AttemptFn<string>, clock: ManualClock, client: AbortController, limitMs = 100) {
  return runAttempt({ candidate, attempt, clock, signal: client.signal, limitMs, timeoutMessage: "openai did not answer within 100 ms." });
}

describe("runAttempt", () => {
  it("gives up at the limit with a timeout error, even when the attempt ignores its signal, and aborts the attempt", async () => {
    const clock = new ManualClock();
    const hanging = hangingAttempt();
    const outcome = run(hanging.attempt, clock, new AbortController()).catch((error: unknown) => error);
    await clock.advance(99);
    expect(hanging.signal()?.aborted).toBe(false);
    await clock.advance(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: "timeout", provider: "openai", message: "openai did not answer within 100 ms." });
    expect(hanging.signal()?.reason).toBe(error);
  });

  it("passes the client's leaving to the attempt, and throws the client's reason", async () => {
    const clock = new ManualClock();
    const client = new AbortController();
    let signal: AbortSignal | undefined;
    // As the adapters do: the SDK call stops on its signal, and the signal's reason is what is thrown.
    const outcome = run((_candidate, given) => {
      signal = given;
      return new Promise((_, reject) => given.addEventListener("abort", () => reject(given.reason), { once: true }));
    }, clock, client).catch((error: unknown) => error);
    const gone = new Error("client gone");
    client.abort(gone);
    expect(await outcome).toBe(gone);
    expect(signal?.reason).toBe(gone);
  });

  it("gives up at once when the client leaves, even when the attempt ignores its signal", async () => {
    // As in workerd: a client's disconnect drops the pending subrequest's promise instead of rejecting it.
    const client = new AbortController();
    const hanging = hangingAttempt();
    const outcome = run(hanging.attempt, new ManualClock(), client).catch((error: unknown) => error);
    const gone = new Error("client gone");
    client.abort(gone);
    expect(await outcome).toBe(gone);
    expect(hanging.signal()?.reason).toBe(gone);
  });

  it("keeps a served attempt linked to the client, so what it opened stops when the client leaves", async () => {
    const clock = new ManualClock();
    const client = new AbortController();
    let signal: AbortSignal | undefined;
    const value = await run(async (_candidate, given) => {
      signal = given;
      return "answer";
    }, clock, client);
    expect(value).toBe("answer");
    await clock.advance(1000);
    expect(signal?.aborted).toBe(false);
    client.abort(new Error("client gone"));
    expect(signal?.aborted).toBe(true);
  });

  it("aborts a failed attempt's signal with its error, so nothing it started lingers", async () => {
    const clock = new ManualClock();
    let signal: AbortSignal | undefined;
    const failure = new UpstreamError({ provider: "openai", kind: "server", message: "boom" });
    await expect(run(async (_candidate, given) => {
      signal = given;
      throw failure;
    }, clock, new AbortController())).rejects.toBe(failure);
    expect(signal?.reason).toBe(failure);
  });

  it("fails an attempt that throws before returning a promise, leaving no rejection unheard", async () => {
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => unheard.push(reason);
    process.on("unhandledRejection", listen);
    try {
      const failure = new UpstreamError({ provider: "openai", kind: "bad_request", message: "no embeddings here" });
      const throwing: AttemptFn<string> = () => {
        throw failure;
      };
      await expect(run(throwing, new ManualClock(), new AbortController())).rejects.toBe(failure);
      // Unhandled rejections are reported after the microtasks and one turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unheard).toEqual([]);
    } finally {
      process.off("unhandledRejection", listen);
    }
  });

  it("makes no call for a client that is already gone", async () => {
    const client = new AbortController();
    const gone = new Error("client gone");
    client.abort(gone);
    const hanging = hangingAttempt();
    await expect(run(hanging.attempt, new ManualClock(), client)).rejects.toBe(gone);
    expect(hanging.calls()).toBe(0);
  });
});
