import type { UpstreamErrorKind } from "../upstream-error.ts";
import { MAX_COOLDOWN_MS } from "./breaker-policy.ts";
import type { BreakerOutcome, BreakerScope } from "./breaker-outcome.ts";

/**
 * The provider is unwell: it answered 5xx/529 or nothing in time, the
 * connection failed, or a stream broke after it started. Counted for everyone.
 */
const PROVIDER_FAILURES: ReadonlySet<UpstreamErrorKind> = new Set(["server", "overloaded", "timeout", "connection", "stream_cut"]);

/**
 * One key is unwell: its rate limit or quota ran out, or the provider rejects
 * it (401/403). Another key, e.g. a user's own, may work fine, so these never
 * open the provider's circuit. `auth` is here rather than nowhere: a revoked
 * platform key fails every request until an operator acts, and its cooldown
 * saves those calls; the half-open probe notices when the key works again.
 */
const KEY_FAILURES: ReadonlySet<UpstreamErrorKind> = new Set(["rate_limit", "quota_exhausted", "auth"]);

/**
 * Whether an outcome counts against the breaker of `scope`. Not failures
 * anywhere: success, the caller's own 4xx (`bad_request`) and refusals
 * (`content_filter`), which say the provider is up and answering.
 */
export function countsAsFailure(outcome: Pick<BreakerOutcome, "kind">, scope: BreakerScope): boolean {
  if (outcome.kind === "ok") return false;
  return (scope === "provider" ? PROVIDER_FAILURES : KEY_FAILURES).has(outcome.kind);
}

/** How long a key failure asks its breaker to stay open: the provider's Retry-After, capped. Nothing elsewhere. */
export function cooldownFor(outcome: Pick<BreakerOutcome, "kind" | "retryAfterMs">, scope: BreakerScope): number | undefined {
  if (scope !== "key" || !countsAsFailure(outcome, scope) || !outcome.retryAfterMs) return undefined;
  return Math.min(outcome.retryAfterMs, MAX_COOLDOWN_MS);
}

/**
 * Whether an outcome shows the breaker's subject works again whoever sent it:
 * a key that served. It ends that key's cooldown at once. Never the provider's
 * circuit: some answers get through a provider that is failing, so there only
 * the half-open probe decides.
 */
export function provesRecovery(outcome: Pick<BreakerOutcome, "kind">, scope: BreakerScope): boolean {
  return scope === "key" && outcome.kind === "ok";
}
