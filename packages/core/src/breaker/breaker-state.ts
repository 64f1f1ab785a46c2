export type CircuitState = "closed" | "open" | "half_open";

/** The right to send the one half-open probe, until `expiresAt`. */
export interface Permit {
  id: string;
  expiresAt: number;
}

/**
 * One circuit. Closed keeps the times of recent failures (ascending, within
 * the window); open keeps when it opened (the failure that opened it) and
 * when it may probe; half-open keeps the probe's permit while one is out.
 */
export type BreakerState =
  | { state: "closed"; failures: number[] }
  | { state: "open"; openedAt: number; openUntil: number }
  | { state: "half_open"; permit?: Permit };

export const CLOSED: BreakerState = Object.freeze({ state: "closed", failures: [] as number[] });
