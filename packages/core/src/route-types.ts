import type { ChatCompletionChunk, ProviderId } from "./chat-types.ts";
import type { Clock } from "./clock.ts";
import type { UpstreamErrorKind } from "./upstream-error.ts";

/** One place a request may be served: a provider and its own model id. */
export interface Candidate {
  provider: ProviderId;
  model: string;
  /** A weaker stand-in: answers it serves carry `x-chorus-degraded: true` and the profile's disclaimer. */
  degraded?: boolean;
  /** Caps attempts here below the retry policy: a half-open probe gets exactly one. */
  maxAttempts?: number;
}

/** What resolution decided: which profile (or `direct`), the ordered candidates, and why. */
export interface RoutePlan {
  profile: string;
  candidates: Candidate[];
  /** Short reason for the choice, for `x-chorus-route` and the audit trail. */
  reason: string;
  /** Candidates selection left out before routing (circuit open, key cooling down, budget spent), in order. */
  skipped?: SkippedCandidate[];
}

export interface Timeouts {
  /** Bounds one non-streamed attempt. */
  upstreamMs: number;
  /** A stream's wait for its first token. */
  firstTokenMs: number;
  /** A stream's wait between chunks once it has started. */
  streamIdleMs: number;
  /** All attempts of one request together. */
  deadlineMs: number;
}

export interface RetryPolicy {
  /** Attempts at one candidate before moving on (1 = no retry). */
  attemptsPerCandidate: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * One upstream attempt, for headers, health and audit. `hedge_lost`: a hedge
 * leg stopped because another leg settled the request; not a failure of its
 * provider, and its `latencyMs` is only how long it ran before being stopped.
 */
export interface AttemptRecord {
  provider: ProviderId;
  model: string;
  outcome: "ok" | "hedge_lost" | UpstreamErrorKind;
  status?: number;
  startedAt: number;
  latencyMs: number;
  /** The provider's Retry-After on a failed attempt, for the key's cooldown. */
  retryAfterMs?: number;
}

/** A candidate given up on, for `x-chorus-fallback` (`provider:reason`). */
export interface FallbackRecord {
  provider: ProviderId;
  reason: string;
}

/** A candidate left out of a plan, with why (`circuit_open`, `cooldown`, `budget`, ...). */
export interface SkippedCandidate extends FallbackRecord {
  /** How many of the plan's candidates come before it: it stood before `candidates[position]`. */
  position: number;
}

export interface RouteOptions {
  clock: Clock;
  /** Uniform in [0, 1); injected so backoff jitter is testable. */
  random: () => number;
  timeouts: Timeouts;
  retry: RetryPolicy;
  /** Aborts when the client goes away: every upstream call stops with it. */
  signal: AbortSignal;
}

export interface RouteResult<T> {
  value: T;
  candidate: Candidate;
  attempts: AttemptRecord[];
  fallbacks: FallbackRecord[];
}

/**
 * A stream that has produced its first token within `firstTokenMs`. `head`
 * holds the chunks read to find it (sent first); `rest` yields the remainder
 * with the idle timeout applied and throws `UpstreamError` (`stream_cut` or
 * `timeout`) if it fails after it started.
 */
export interface StartedStream {
  head: ChatCompletionChunk[];
  rest: AsyncIterable<ChatCompletionChunk>;
  /** Stops the upstream read (client gone). */
  cancel(): void;
}

/** One try at one candidate; must honour `signal` (client gone, timeout, deadline). */
export type AttemptFn<T> = (candidate: Candidate, signal: AbortSignal) => Promise<T>;

/** A profile's hedge: a candidate silent for `afterMs` gets the next candidate started beside it. */
export interface HedgePolicy {
  afterMs: number;
}

/** A check's verdict on a served value: accepted (perhaps changed, e.g. masked or repaired), or turned down. */
export type CheckVerdict<T> =
  | { ok: true; value: T }
  | { ok: false; reason: string; detail?: unknown; stop?: boolean };

/**
 * Judges a served value before routing accepts it. One turned down makes the
 * router try the next candidate (`stop`: try none); the answer checks of
 * guardrails and structured output. May call the candidate again (a repair)
 * under `signal`; an `UpstreamError` thrown counts as the candidate's failure.
 */
export type AnswerCheck<T> = (value: T, candidate: Candidate, signal: AbortSignal) => Promise<CheckVerdict<T>>;

export interface RouteRequestOptions<T> extends RouteOptions {
  /** A served value that is a refusal (`content_filter`): the next candidate is tried. */
  isRefusal?: (value: T) => boolean;
  /** Called with each refused value the router will not return, e.g. to cancel a refused stream. */
  release?: (value: T) => void;
  /** Bounds each attempt (`timeouts.upstreamMs` for non-streamed calls); the deadline bounds it anyway. */
  timeoutMs?: number;
  /** Hedged requests (the profile's `hedge`); absent: candidates strictly one after another. */
  hedge?: HedgePolicy;
  /** Each served (not refused) value is judged before it is accepted; none accepted -> `AnswerRejected`. */
  check?: AnswerCheck<T>;
}
