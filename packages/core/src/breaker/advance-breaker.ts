import type { BreakerState } from "./breaker-state.ts";

/** The state as of `now`: an open circuit whose time is up is half-open, with no probe out yet. */
export function advanceBreaker(current: BreakerState, now: number): BreakerState {
  if (current.state === "open" && now >= current.openUntil) return { state: "half_open" };
  return current;
}
