import { GatewayError } from "./gateway-error.ts";
import type { FeatureConfig, ProfileConfig } from "./profiles-config.ts";

/** KV keeps nothing for less than this; shorter TTLs are raised to it. */
export const KV_MIN_TTL_SECONDS = 60;

export interface CachePolicyInput {
  /** `x-chorus-cache`: `no-store` or `refresh`. */
  directive?: string;
  /** `x-chorus-cache-ttl`, in seconds. */
  ttlHeader?: string;
  /** The `x-chorus-feature`'s settings. */
  feature?: FeatureConfig;
  /** The resolved profile's settings (none for `provider/model`). */
  profile?: ProfileConfig;
  /** `CACHE_TTL_SECONDS`. */
  defaultTtlSeconds: number;
  /** `CACHE_DEFAULT` is not `off`: without it only an explicit TTL turns caching on. */
  onByDefault: boolean;
}

/** Whether and how the response cache takes part in one request. */
export type CachePolicy =
  | { consult: false }
  | {
      consult: true;
      /** False for `refresh`: the answer is fetched afresh and stored. */
      read: boolean;
      ttlSeconds: number;
      /** One entry for every caller (feature `cacheScope: shared`) rather than one per caller. */
      shared: boolean;
    };

function invalid(message: string): GatewayError {
  return new GatewayError({ status: 400, code: "invalid_request", message });
}

function headerTtl(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const text = raw.trim();
  if (!/^\d+$/.test(text)) throw invalid(`Invalid 'x-chorus-cache-ttl': must be a whole number of seconds >= 0, got ${JSON.stringify(raw)}.`);
  return Number(text);
}

/**
 * Decides the cache's part in one request. TTL precedence: the
 * `x-chorus-cache-ttl` header > the feature's `cacheTtlSeconds` > the
 * profile's > `CACHE_TTL_SECONDS`. A TTL of 0 means "do not cache"; any other
 * is raised to KV's minimum of 60 s. With `CACHE_DEFAULT=off` only a TTL set
 * by the header, feature or profile turns caching on. `no-store` neither
 * reads nor writes; `refresh` skips the read and stores the new answer.
 *
 * Throws `GatewayError` 400 for a directive or TTL header it does not know.
 */
export function resolveCachePolicy(input: CachePolicyInput): CachePolicy {
  const directive = input.directive?.trim().toLowerCase() || undefined;
  if (directive !== undefined && directive !== "no-store" && directive !== "refresh") {
    throw invalid(`Invalid 'x-chorus-cache': use "no-store" or "refresh", got ${JSON.stringify(input.directive)}.`);
  }
  const explicit = headerTtl(input.ttlHeader) ?? input.feature?.cacheTtlSeconds ?? input.profile?.cacheTtlSeconds;
  if (directive === "no-store") return { consult: false };
  if (explicit === undefined && !input.onByDefault) return { consult: false };
  const ttl = explicit ?? input.defaultTtlSeconds;
  if (ttl === 0) return { consult: false };
  return {
    consult: true,
    read: directive !== "refresh",
    ttlSeconds: Math.max(ttl, KV_MIN_TTL_SECONDS),
    shared: input.feature?.cacheScope === "shared",
  };
}
