import { advanceBreaker } from "./advance-breaker.ts";
import type { BreakerPolicy } from "./breaker-policy.ts";
import type { BreakerState } from "./breaker-state.ts";

export interface RecordInput {
  now: number;
  policy: Pick<BreakerPolicy, "threshold" | "windowMs" | "resetMs">;
  /** Whether the outcome counts against this breaker (`countsAsFailure`). */
  failure: boolean;
  /** The permit the request held, if it was the half-open probe. */
  permit?: string;
  /** The provider asked for this much quiet (Retry-After on a key's 429), counted from `at`. */
  cooldownMs?: number;
  /** When the outcome happened (default and at most `now`): its report may arrive well after it. */
  at?: number;
  /** The outcome shows the guarded thing works again (`provesRecovery`: a key that served). */
  recovered?: boolean;
  /**
   * A failed probe that brought no cooldown counts as one failure of a closed
   * circuit instead of re-opening it for `resetMs`: for a key, open only for
   * what a Retry-After asked or after `threshold` failures (`failedProbeCounts`).
   */
  failedProbeCounts?: boolean;
}

function open(openedAt: number, openUntil: number): BreakerState {
  return { state: "open", openedAt, openUntil };
}

/** A closed circuit's answer to one more failure: counted, and open for `resetMs` once `threshold` are in the window. */
function countFailure(failures: number[], now: number, policy: RecordInput["policy"]): BreakerState {
  failures.push(now);
  return failures.length >= policy.threshold ? open(now, now + policy.resetMs) : { state: "closed", failures };
}

/**
 * Applies one outcome. A failure with a cooldown opens at once until the
 * cooldown ends, counted from when it happened and no longer (one already
 * over opens nothing); other failures open after `threshold` of them within
 * `windowMs`, for `resetMs`. Open changes to lengthen a cooldown, or to close
 * on a recovery that happened after it opened. In half-open only the probe
 * decides: success closes; failure re-opens for its cooldown if it brought
 * one, else for `resetMs` (or, `failedProbeCounts`, counts as a closed
 * circuit's first failure). Other outcomes come from requests sent before and
 * change nothing, so the probe's permit is never voided while it may still
 * be out.
 */
export function recordBreakerOutcome(current: BreakerState, input: RecordInput): BreakerState {
  const { now, policy } = input;
  const at = Math.min(input.at ?? now, now);
  const cooldownUntil = input.failure && (input.cooldownMs ?? 0) > 0 ? at + input.cooldownMs! : undefined;
  const state = advanceBreaker(current, now);
  if (state.state === "closed") {
    const failures = state.failures.filter((time) => time > now - policy.windowMs);
    if (!input.failure) return failures.length === state.failures.length ? state : { state: "closed", failures };
    if (cooldownUntil !== undefined && cooldownUntil > now) return open(at, cooldownUntil);
    return countFailure(failures, now, policy);
  }
  if (state.state === "open") {
    if (input.recovered && !input.failure && at > state.openedAt) return { state: "closed", failures: [] };
    return cooldownUntil !== undefined && cooldownUntil > state.openUntil ? open(at, cooldownUntil) : state;
  }
  if (input.permit !== undefined && input.permit === state.permit?.id) {
    if (!input.failure) return { state: "closed", failures: [] };
    if (cooldownUntil !== undefined) return open(at, cooldownUntil);
    return input.failedProbeCounts ? countFailure([], now, policy) : open(now, now + policy.resetMs);
  }
  return state;
}
