/** How a circuit breaker counts and waits (CONTRACT.md, "Circuit breaker defaults"). */
export interface BreakerPolicy {
  /** Failures within `windowMs` that open the circuit. */
  threshold: number;
  windowMs: number;
  /** How long an open circuit rejects before it lets one half-open probe through. */
  resetMs: number;
  /**
   * How long a half-open probe holds its permit. Past it another caller may
   * probe, so a request that was cancelled before it reported cannot keep the
   * circuit half-open for good.
   */
  leaseMs: number;
}

export const DEFAULT_BREAKER_POLICY: Readonly<BreakerPolicy> = {
  threshold: 5,
  windowMs: 60_000,
  resetMs: 60_000,
  leaseMs: 125_000,
};

/**
 * The longest Retry-After a key cooldown honours. A header asking for more is
 * more likely a bug than a plan; the half-open probe after this re-checks anyway.
 */
export const MAX_COOLDOWN_MS = 3_600_000;
