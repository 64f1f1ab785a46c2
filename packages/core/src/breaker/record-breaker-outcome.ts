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
  /** The provider asked for this much quiet (Retry-After on a key's 429): open at least this long. */
  cooldownMs?: number;
}

function open(now: number, ms: number): BreakerState {
  return { state: "open", openUntil: now + ms };
}

/**
 * Applies one outcome. Closed opens after `threshold` failures within
 * `windowMs`, or at once for a cooldown. In half-open only the probe decides
 * (success closes, failure re-opens); other outcomes come from requests sent
 * before and change nothing, so the probe's permit is never voided while it
 * may still be out. Open changes only to lengthen a cooldown.
 */
export function recordBreakerOutcome(current: BreakerState, input: RecordInput): BreakerState {
  const { now, policy } = input;
  const cooldownMs = input.failure ? Math.max(0, input.cooldownMs ?? 0) : 0;
  const state = advanceBreaker(current, now);
  if (state.state === "closed") {
    const failures = state.failures.filter((at) => at > now - policy.windowMs);
    if (!input.failure) return failures.length === state.failures.length ? state : { state: "closed", failures };
    failures.push(now);
    if (failures.length >= policy.threshold) return open(now, Math.max(policy.resetMs, cooldownMs));
    return cooldownMs > 0 ? open(now, cooldownMs) : { state: "closed", failures };
  }
  if (state.state === "open") {
    return cooldownMs > 0 && now + cooldownMs > state.openUntil ? open(now, cooldownMs) : state;
  }
  if (input.permit !== undefined && input.permit === state.permit?.id) {
    return input.failure ? open(now, Math.max(policy.resetMs, cooldownMs)) : { state: "closed", failures: [] };
  }
  return state;
}
