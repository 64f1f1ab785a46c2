import type { RetryPolicy } from "./route-types.ts";

/**
 * "Full jitter" (AWS Architecture Blog): a uniform wait in
 * [0, min(maxDelayMs, baseDelayMs * 2^attempt)), which spreads retries of
 * many clients instead of synchronising them. `attempt` counts from 0 for the
 * wait after the first failure; `random` is one draw in [0, 1).
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: number): number {
  return random * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}

export interface RetryDelayInput {
  attempt: number;
  policy: RetryPolicy;
  random: number;
  /** The upstream's Retry-After: retrying sooner would only be refused again. */
  retryAfterMs?: number | undefined;
}

/** The wait before the next try at the same candidate: the jitter, but never less than Retry-After. */
export function retryDelay(input: RetryDelayInput): number {
  return Math.max(backoffDelay(input.attempt, input.policy, input.random), input.retryAfterMs ?? 0);
}
