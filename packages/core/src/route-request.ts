import type { Clock } from "./clock.ts";
import { AnswerRejected, type Rejection } from "./answer-rejected.ts";
import { GatewayError } from "./gateway-error.ts";
import { RouteFailure } from "./route-failure.ts";
import type { AttemptFn, AttemptRecord, Candidate, FallbackRecord, RouteRequestOptions, RouteResult } from "./route-types.ts";
import { startLeg, type Leg, type LegEnd } from "./start-leg.ts";
import { UpstreamError } from "./upstream-error.ts";

interface Refusal<T> {
  value: T;
  candidate: Candidate;
  record: FallbackRecord;
}

/** At most this many candidates in flight, so hedging at most doubles a request's upstream load. */
const HEDGE_WIDTH = 2;
const HEDGE = Symbol("hedge");

type LegEnded<T> = LegEnd<T> & { leg: Leg<T> };

/** When the next candidate may start beside the running ones, or undefined when it may not. */
function hedgeAt<T>(running: ReadonlySet<Leg<T>>, waiting: number, options: RouteRequestOptions<T>, deadlineAt: number): number | undefined {
  if (!options.hedge || running.size >= HEDGE_WIDTH || waiting === 0) return undefined;
  const youngest = Math.max(...[...running].map((leg) => leg.startedAt));
  const at = youngest + options.hedge.afterMs;
  return at < deadlineAt ? at : undefined;
}

/** The next leg to end, or HEDGE when the hedge time comes first. */
function nextEvent<T>(running: ReadonlySet<Leg<T>>, clock: Clock, at: number | undefined): Promise<LegEnded<T> | typeof HEDGE> {
  const ended = [...running].map((leg) => leg.ended);
  if (at === undefined) return ended.length === 1 ? ended[0]! : Promise.race(ended);
  return raceHedgeTime(ended, clock, at);
}

async function raceHedgeTime<T>(ended: Promise<LegEnded<T>>[], clock: Clock, at: number): Promise<LegEnded<T> | typeof HEDGE> {
  const timer = new AbortController();
  try {
    return await Promise.race([...ended, clock.sleep(at - clock.now(), timer.signal).then((): typeof HEDGE => HEDGE)]);
  } finally {
    timer.abort();
  }
}

/** Stops legs nobody waits for any more, and releases what they served meanwhile. */
async function stopAll<T>(running: ReadonlySet<Leg<T>>, release: ((value: T) => void) | undefined): Promise<void> {
  for (const leg of running) leg.stop();
  for (const { outcome } of await Promise.all([...running].map((leg) => leg.ended))) {
    if (outcome && outcome.kind !== "failed") release?.(outcome.value);
  }
}

/**
 * Serves one request from the first candidate that answers, for chat,
 * streams and embeddings alike (a stream's attempt ends at its first token,
 * via `startStream`). Retries and fallbacks per CONTRACT.md, all under one
 * deadline. A refusal moves on; if nothing better comes, the last refusal is
 * returned as the provider gave it.
 *
 * With `hedge`, a candidate that has produced nothing after `afterMs` gets
 * the next one started beside it (never more than two in flight); the first
 * answer wins, the other leg is aborted with `HedgeLost` and recorded as
 * `hedge_lost`, and a failed leg falls back as usual. A hedge loser did not
 * fail, so it is not listed in `fallbacks`.
 *
 * With `check`, an answer it turns down moves on like a failure; when
 * answers came but none passed, `AnswerRejected` says why.
 *
 * Throws `GatewayError` 503 `no_candidate_available` for an empty list,
 * `RouteFailure` when every candidate failed or one failed because of the
 * request (`bad_request`, no fallback), and the client's abort reason once
 * the client is gone.
 */
export async function routeRequest<T>(
  candidates: readonly Candidate[],
  attempt: AttemptFn<T>,
  options: RouteRequestOptions<T>,
): Promise<RouteResult<T>> {
  const [first] = candidates;
  if (!first) throw new GatewayError({ status: 503, code: "no_candidate_available", message: "No candidate is available to serve this request." });
  const { clock, signal } = options;
  const deadlineAt = clock.now() + options.timeouts.deadlineMs;
  const attempts: AttemptRecord[] = [];
  const fallbacks: FallbackRecord[] = [];
  const refusals: Refusal<T>[] = [];
  const rejections: Rejection[] = [];
  const waiting = [...candidates];
  const running = new Set<Leg<T>>();
  const startNext = (candidate: Candidate): void => {
    running.add(startLeg({ candidate, attempt, options, deadlineAt, attempts }));
  };
  let kept: Refusal<T> | undefined;
  let last: UpstreamError | undefined;
  try {
    for (;;) {
      if (signal.aborted) throw signal.reason;
      if (running.size === 0) {
        const next = waiting.shift();
        if (!next || clock.now() >= deadlineAt) break;
        startNext(next);
      }
      const event = await nextEvent(running, clock, hedgeAt(running, waiting.length, options, deadlineAt));
      if (event === HEDGE) {
        const next = waiting.shift();
        if (next) startNext(next);
        continue;
      }
      const { leg, outcome } = event;
      running.delete(leg);
      if (!outcome) throw event.thrown;
      const { candidate } = leg;
      if (outcome.kind === "served") return { value: outcome.value, candidate, attempts, fallbacks };
      if (outcome.kind === "refused") {
        const record: FallbackRecord = { provider: candidate.provider, reason: "content_filter" };
        fallbacks.push(record);
        refusals.push({ value: outcome.value, candidate, record });
        continue;
      }
      if (outcome.kind === "rejected") {
        fallbacks.push({ provider: candidate.provider, reason: outcome.reason });
        rejections.push({ candidate, reason: outcome.reason, detail: outcome.detail });
        options.release?.(outcome.value);
        if (outcome.stop) break;
        continue;
      }
      last = outcome.error;
      if (!last.fallsBack) throw new RouteFailure({ attempts, fallbacks, last });
      fallbacks.push({ provider: candidate.provider, reason: last.reason });
    }
    if (rejections.length > 0) throw new AnswerRejected({ attempts, fallbacks, rejections });
    kept = refusals.at(-1);
    if (kept) {
      const served = kept;
      return { value: served.value, candidate: served.candidate, attempts, fallbacks: fallbacks.filter((record) => record !== served.record) };
    }
    throw new RouteFailure({
      attempts, fallbacks,
      last: last ?? new UpstreamError({ provider: first.provider, kind: "timeout", message: "The request deadline ran out before any attempt." }),
    });
  } finally {
    // Awaited, so a stopped leg's `hedge_lost` record is in `attempts` before the caller reads them.
    if (running.size > 0) await stopAll(running, options.release);
    for (const refusal of refusals) if (refusal !== kept) options.release?.(refusal.value);
  }
}
