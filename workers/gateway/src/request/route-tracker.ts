import type { ProfileConfig, RoutePlan, RouteResult } from "@chorus/core";
import type { KeyChoice } from "../upstream/upstream-keys.ts";
import type { RequestScope } from "./request-scope.ts";

/** How the served answer ended, for its health report. */
export interface ServedEnd {
  /** Tokens in + out, for the provider's daily budget. */
  tokens?: number;
  /** A stream's failure after its first byte (`stream_cut`, idle `timeout`). */
  error?: unknown;
  /** Streams: the attempt's latency was the time to first token, and the answer ended now. */
  streamed?: boolean;
}

/**
 * What routing asks of provider health for one request: the plan to route
 * (breakers and health applied), the profile it came from, and the reports
 * of its attempts: `track` the routing, `finish` once the served answer ended.
 */
export interface RouteTracker {
  readonly plan: RoutePlan;
  readonly profile: ProfileConfig | undefined;
  track<T>(routing: Promise<RouteResult<T>>): Promise<RouteResult<T>>;
  finish(end?: ServedEnd): void;
}

/** Applies health to a request's resolved plan (`RouteHealth.select` in production). */
export type SelectRoute = (scope: RequestScope, keys: KeyChoice) => Promise<RouteTracker>;
