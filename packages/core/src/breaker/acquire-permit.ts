import { advanceBreaker } from "./advance-breaker.ts";
import type { BreakerPolicy } from "./breaker-policy.ts";
import type { BreakerState, CircuitState, Permit } from "./breaker-state.ts";

export interface AcquireInput {
  now: number;
  policy: Pick<BreakerPolicy, "leaseMs">;
  /** The id a new permit gets; injected so the machine stays pure. */
  permitId: string;
}

/** May a request go to this provider now, and if it is the half-open probe, with which permit. */
export interface AcquireDecision {
  allowed: boolean;
  state: CircuitState;
  /** When refused: the earliest time asking again may succeed (open period or the probe's lease). */
  openUntil?: number;
  /** Present only for the half-open probe: report its outcome with it. */
  permit?: Permit;
}

/**
 * Closed lets everything through without a permit; open refuses; half-open
 * gives one permit at a time, a new one only once the last has expired.
 */
export function acquirePermit(current: BreakerState, input: AcquireInput): { next: BreakerState; decision: AcquireDecision } {
  const state = advanceBreaker(current, input.now);
  if (state.state === "closed") return { next: state, decision: { allowed: true, state: "closed" } };
  if (state.state === "open") return { next: state, decision: { allowed: false, state: "open", openUntil: state.openUntil } };
  if (state.permit && state.permit.expiresAt > input.now) {
    return { next: state, decision: { allowed: false, state: "half_open", openUntil: state.permit.expiresAt } };
  }
  const permit: Permit = { id: input.permitId, expiresAt: input.now + input.policy.leaseMs };
  return { next: { state: "half_open", permit }, decision: { allowed: true, state: "half_open", permit } };
}
