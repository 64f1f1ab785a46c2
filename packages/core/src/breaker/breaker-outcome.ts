import type { UpstreamErrorKind } from "../upstream-error.ts";

/**
 * Which breaker an outcome is reported to: the provider's circuit (its health
 * for everyone) or one key's cooldown (that key's limits, e.g. 429s).
 */
export type BreakerScope = "provider" | "key";

/** One upstream attempt as a breaker records it (the payload of `Breaker.record`). */
export interface BreakerOutcome {
  kind: "ok" | UpstreamErrorKind;
  status?: number;
  /** The provider's model id, for per-model health. */
  model: string;
  /** Until the answer was complete (a stream: until its end). */
  latencyMs: number;
  /** Streams: until the first token. */
  ttftMs?: number;
  /** Tokens in + out the served answer used, for the daily budget. */
  tokens?: number;
  /** The provider's Retry-After, if it sent one. */
  retryAfterMs?: number;
  /** The half-open permit the request held, if it was the probe. */
  permit?: string;
  /** When the attempt ended (ms): a cooldown runs from then, and a recovery counts only after what it ends. */
  at?: number;
}
