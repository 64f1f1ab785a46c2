/** A candidate that failed before the one that served, from `x-chorus-fallback`. */
export interface ChorusFallback {
  provider: string;
  /** Why it was given up on: an HTTP status (`503`) or a kind (`timeout`); empty when the gateway gave none. */
  reason: string;
}

export type ChorusCacheStatus = "hit" | "semantic-hit" | "miss" | "bypass";

/**
 * What the gateway says about how it served a request (the `x-chorus-*`
 * response headers). Fields are `undefined` when a header is absent, which in
 * a browser also happens when the gateway's CORS setup does not expose it.
 */
export interface ChorusMeta {
  requestId: string | undefined;
  /** Provider id that served (`openai`, `anthropic`, `demo`, ...). */
  provider: string | undefined;
  /** The provider's own model id, without the `provider/` prefix. */
  model: string | undefined;
  /** Profile name, or `direct` for a `provider/model` request. */
  profile: string | undefined;
  /** Upstream attempts made, retries and fallbacks included. */
  attempts: number | undefined;
  /** Candidates that failed before the one that served, in order; empty when the first candidate served. */
  fallback: ChorusFallback[];
  /** A value this SDK does not know reads as `undefined` rather than widening the type. */
  cache: ChorusCacheStatus | undefined;
  /** Short reason for the routing choice. */
  route: string | undefined;
  /** Served by a candidate marked degraded. */
  degraded: boolean;
}

const CACHE_STATUSES: readonly string[] = ["hit", "semantic-hit", "miss", "bypass"] satisfies ChorusCacheStatus[];

function isCacheStatus(value: string): value is ChorusCacheStatus {
  return CACHE_STATUSES.includes(value);
}

/** `openai:503,anthropic:timeout` -> one entry per failed candidate; split at the first colon since provider ids have none. */
function parseFallback(value: string | null): ChorusFallback[] {
  if (!value) return [];
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      const colon = entry.indexOf(":");
      return colon === -1
        ? { provider: entry, reason: "" }
        : { provider: entry.slice(0, colon).trim(), reason: entry.slice(colon + 1).trim() };
    });
}

function parseAttempts(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

export function readChorusMeta(headers: Headers): ChorusMeta {
  const read = (name: string) => headers.get(name) ?? undefined;
  const cache = read("x-chorus-cache");
  return {
    requestId: read("x-chorus-request-id"),
    provider: read("x-chorus-provider"),
    model: read("x-chorus-model"),
    profile: read("x-chorus-profile"),
    attempts: parseAttempts(headers.get("x-chorus-attempts")),
    fallback: parseFallback(headers.get("x-chorus-fallback")),
    cache: cache !== undefined && isCacheStatus(cache) ? cache : undefined,
    route: read("x-chorus-route"),
    degraded: headers.get("x-chorus-degraded")?.trim().toLowerCase() === "true",
  };
}
