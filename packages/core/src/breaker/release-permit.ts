import { advanceBreaker } from "./advance-breaker.ts";
import type { BreakerState } from "./breaker-state.ts";

/**
 * Gives back a probe permit that went unused (the request was served by
 * another candidate first), so the next caller may probe at once rather
 * than wait out the lease. Any other permit changes nothing.
 */
export function releasePermit(current: BreakerState, permit: string, now: number): BreakerState {
  const state = advanceBreaker(current, now);
  return state.state === "half_open" && state.permit?.id === permit ? { state: "half_open" } : state;
}
