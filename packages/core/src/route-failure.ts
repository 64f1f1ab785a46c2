import { GatewayError } from "./gateway-error.ts";
import type { AttemptRecord, FallbackRecord } from "./route-types.ts";
import type { UpstreamError } from "./upstream-error.ts";

export interface RouteFailureInit {
  attempts: AttemptRecord[];
  fallbacks: FallbackRecord[];
  /** The error that ended routing: the last failure, or the caller's fault that stopped it. */
  last: UpstreamError;
}

/** Upstream statuses caused by the request, answered as they are (CONTRACT: no fallback). */
const CALLER_STATUSES: ReadonlySet<number> = new Set([400, 404, 413, 422]);

/** Routing gave up: every candidate failed, or one failed in a way no other would fix. */
export class RouteFailure extends Error {
  override readonly name = "RouteFailure";
  readonly attempts: AttemptRecord[];
  readonly fallbacks: FallbackRecord[];
  readonly last: UpstreamError;

  constructor(init: RouteFailureInit) {
    super(`routing failed: ${init.last.provider}:${init.last.reason} ${init.last.message}`);
    this.attempts = init.attempts;
    this.fallbacks = init.fallbacks;
    this.last = init.last;
  }

  /** Whether every failed attempt was a timeout, which the client hears as 504. */
  get timedOut(): boolean {
    return this.last.kind === "timeout" && this.attempts.every((attempt) => attempt.outcome === "timeout");
  }

  /** The answer for the client: only safe text (adapters' messages and labels), never raw bodies. */
  toGatewayError(): GatewayError {
    const { last } = this;
    if (!last.fallsBack) {
      const status = last.status !== undefined && CALLER_STATUSES.has(last.status) ? last.status : 400;
      return new GatewayError({ status, code: "upstream_error", message: last.message });
    }
    const failed = this.fallbacks.length > 0 ? this.fallbacks : [{ provider: last.provider, reason: last.reason }];
    const labels = failed.map((fallback) => `${fallback.provider}:${fallback.reason}`).join(", ");
    if (this.timedOut) {
      return new GatewayError({ status: 504, code: "upstream_timeout", message: `No upstream answered in time (${labels}).` });
    }
    return new GatewayError({ status: 502, code: "upstream_error", message: `Every upstream candidate failed (${labels}).` });
  }
}
