import { CacheCounters, type CacheCountsSnapshot } from "@chorus/core";

/** This isolate's counts; see `CacheCounters`. */
export const cacheCounters = new CacheCounters();

/** Hits, semantic hits, misses and hit rate per profile and per provider, for `/admin/providers`. */
export function cacheStats(): CacheCountsSnapshot {
  return cacheCounters.snapshot();
}
