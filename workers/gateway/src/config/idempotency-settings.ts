import type { GatewayVariables } from "../env.ts";
import { readNumber } from "./read-number.ts";

export interface IdempotencySettings {
  /** How long a duplicate waits for the request in flight before 409 `idempotency_in_progress`. */
  waitMs: number;
  /** How long a request holds its key before a retry may take it over (a crashed or stuck first request). */
  leaseMs: number;
}

/**
 * `IDEMPOTENCY_WAIT_MS` (5000) and `IDEMPOTENCY_LEASE_MS` (300000: well past
 * the 120 s request deadline, so only a request that died loses its key).
 */
export function idempotencySettings(env: GatewayVariables): IdempotencySettings {
  return {
    waitMs: readNumber(env, "IDEMPOTENCY_WAIT_MS", 5_000, 0),
    leaseMs: readNumber(env, "IDEMPOTENCY_LEASE_MS", 300_000),
  };
}
