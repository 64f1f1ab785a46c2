import { retryDelay } from "./full-jitter-backoff.ts";
import { HedgeLost } from "./hedge-lost.ts";
import type { AttemptFn, AttemptRecord, Candidate, RouteRequestOptions } from "./route-types.ts";
import { runAttempt } from "./run-attempt.ts";
import { UpstreamError } from "./upstream-error.ts";

export type CandidateOutcome<T> =
  | { kind: "served"; value: T }
  | { kind: "refused"; value: T }
  | { kind: "failed"; error: UpstreamError }
  | { kind: "rejected"; value: T; reason: string; detail?: unknown; stop: boolean };

export interface TryCandidateInput<T> {
  candidate: Candidate;
  attempt: AttemptFn<T>;
  options: RouteRequestOptions<T>;
  /** Clock time by which every attempt must be over. */
  deadlineAt: number;
  /** Shared log; each attempt made here is appended. */
  attempts: AttemptRecord[];
}

function timeoutMessage<T>(input: TryCandidateInput<T>, limitMs: number): string {
  const { provider } = input.candidate;
  return limitMs === input.options.timeoutMs
    ? `${provider} did not answer within ${limitMs} ms.`
    : `The request deadline of ${input.options.timeouts.deadlineMs} ms ran out while waiting for ${provider}.`;
}

/**
 * Tries one candidate, retrying retryable errors with full-jitter backoff
 * (never sooner than Retry-After) while the wait fits before the deadline.
 * Throws only the abort reason of `options.signal` (the client's, or
 * `HedgeLost` for a hedge leg) or a non-`UpstreamError` (a bug, not an
 * upstream failure); every upstream outcome is returned.
 */
export async function tryCandidate<T>(input: TryCandidateInput<T>): Promise<CandidateOutcome<T>> {
  const { candidate, options, attempts } = input;
  const { clock, retry } = options;
  const tries = Math.max(1, Math.floor(Math.min(retry.attemptsPerCandidate, candidate.maxAttempts ?? Infinity)));
  for (let index = 0; ; index++) {
    const startedAt = clock.now();
    const limitMs = Math.min(options.timeoutMs ?? Infinity, input.deadlineAt - startedAt);
    const log = (outcome: AttemptRecord["outcome"], status?: number, retryAfterMs?: number) =>
      attempts.push({ provider: candidate.provider, model: candidate.model, outcome, status, startedAt, latencyMs: clock.now() - startedAt, retryAfterMs });
    let error: UpstreamError;
    try {
      const value = await runAttempt({ candidate, attempt: input.attempt, clock, signal: options.signal, limitMs, timeoutMessage: timeoutMessage(input, limitMs) });
      const refused = options.isRefusal?.(value) ?? false;
      log(refused ? "content_filter" : "ok");
      return { kind: refused ? "refused" : "served", value };
    } catch (caught) {
      if (options.signal.aborted) {
        // A hedge leg stopped for the winner still made an upstream call: it counts in `attempts`.
        if (options.signal.reason instanceof HedgeLost) log("hedge_lost");
        throw options.signal.reason;
      }
      if (!(caught instanceof UpstreamError)) throw caught;
      error = caught;
      log(error.kind, error.status, error.retryAfterMs);
    }
    if (!error.retryable || index + 1 >= tries) return { kind: "failed", error };
    const delay = retryDelay({ attempt: index, policy: retry, random: options.random(), retryAfterMs: error.retryAfterMs });
    if (clock.now() + delay >= input.deadlineAt) return { kind: "failed", error };
    await clock.sleep(delay, options.signal);
  }
}
