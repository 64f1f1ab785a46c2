import type { BreakerPolicy } from "./breaker-policy.ts";
import type { BreakerOutcome, BreakerScope } from "./breaker-outcome.ts";
import type { BreakerState } from "./breaker-state.ts";
import { cooldownFor, countsAsFailure, provesRecovery } from "./counts-as-failure.ts";
import { recordBreakerOutcome } from "./record-breaker-outcome.ts";

export interface ApplySettings {
  /** Which failures count here: the provider's circuit or one key's cooldown. */
  scope: BreakerScope;
  policy: Pick<BreakerPolicy, "threshold" | "windowMs" | "resetMs">;
  now: number;
}

/**
 * One attempt's outcome applied to a breaker of `scope`: what it means there
 * (failure, cooldown, recovery) read from the outcome. The Breaker object
 * applies it as the record; an isolate applies it to what it last heard, to
 * know the result before the object answers.
 */
export function applyBreakerOutcome(current: BreakerState, outcome: BreakerOutcome, settings: ApplySettings): BreakerState {
  const { scope, policy, now } = settings;
  return recordBreakerOutcome(current, {
    now, policy, failure: countsAsFailure(outcome, scope), permit: outcome.permit, cooldownMs: cooldownFor(outcome, scope),
    at: outcome.at, recovered: provesRecovery(outcome, scope),
    // A key stays open only for what a Retry-After asked, or by count: a probe's 401 is one more failure, not a reset period.
    failedProbeCounts: scope === "key",
  });
}
