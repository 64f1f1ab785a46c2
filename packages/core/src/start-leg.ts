import { HedgeLost } from "./hedge-lost.ts";
import type { AttemptFn, AttemptRecord, Candidate, RouteRequestOptions } from "./route-types.ts";
import { tryCandidate, type CandidateOutcome } from "./try-candidate.ts";
import { UpstreamError } from "./upstream-error.ts";

/** How a leg ended: an upstream outcome, or what `tryCandidate` threw (an abort reason or a bug). */
export type LegEnd<T> = { outcome: CandidateOutcome<T>; thrown?: undefined } | { outcome?: undefined; thrown: unknown };

/** One candidate being tried (with its retries), stoppable on its own when another leg wins. */
export interface Leg<T> {
  candidate: Candidate;
  startedAt: number;
  /** Settles once the leg is over; never rejects. */
  ended: Promise<LegEnd<T> & { leg: Leg<T> }>;
  /** Aborts this leg's attempts with `HedgeLost` (hedged requests only); no effect on the client's signal. */
  stop(): void;
}

export interface StartLegInput<T> {
  candidate: Candidate;
  attempt: AttemptFn<T>;
  options: RouteRequestOptions<T>;
  deadlineAt: number;
  attempts: AttemptRecord[];
}

/** A served value through the request's check, under the leg's signal; a repair call's upstream failure is the candidate's. */
async function judged<T>(outcome: CandidateOutcome<T>, input: StartLegInput<T>): Promise<CandidateOutcome<T>> {
  const { check, signal } = input.options;
  if (!check || outcome.kind !== "served") return outcome;
  try {
    const verdict = await check(outcome.value, input.candidate, signal);
    if (verdict.ok) return { kind: "served", value: verdict.value };
    return { kind: "rejected", value: outcome.value, reason: verdict.reason, detail: verdict.detail, stop: verdict.stop ?? false };
  } catch (error) {
    if (error instanceof UpstreamError && !signal.aborted) return { kind: "failed", error };
    throw error;
  }
}

/**
 * Starts `tryCandidate` under a signal that aborts with the client's, or with
 * `HedgeLost` when `stop` is called. A served leg keeps that signal, so what
 * it opened still stops when the client goes.
 */
export function startLeg<T>(input: StartLegInput<T>): Leg<T> {
  const { candidate, options } = input;
  // Only a hedged request stops a leg for another; otherwise the client's signal is the leg's.
  const stopped = options.hedge ? new AbortController() : undefined;
  const legInput = stopped ? { ...input, options: { ...options, signal: AbortSignal.any([options.signal, stopped.signal]) } } : input;
  const leg: Leg<T> = {
    candidate,
    startedAt: options.clock.now(),
    ended: tryCandidate(legInput).then((outcome) => judged(outcome, legInput)).then(
      (outcome) => ({ leg, outcome }),
      (thrown: unknown) => ({ leg, thrown }),
    ),
    stop: () => stopped?.abort(new HedgeLost(`${candidate.provider} was stopped: another candidate settled the request.`)),
  };
  return leg;
}
