import type { ProviderId } from "./chat-types.ts";

/** How an answer was served as far as the cache goes (`bypass` answers are not counted). */
export type CacheOutcome = "hit" | "semantic-hit" | "miss";

export interface CacheCounts {
  hits: number;
  semanticHits: number;
  misses: number;
  /** (hits + semanticHits) / all; null before the first counted answer. */
  hitRate: number | null;
}

export interface CacheCountsSnapshot {
  profiles: Record<string, CacheCounts>;
  providers: Partial<Record<ProviderId, CacheCounts>>;
}

type Tally = Omit<CacheCounts, "hitRate">;

function withRate(tally: Tally): CacheCounts {
  const total = tally.hits + tally.semanticHits + tally.misses;
  return { ...tally, hitRate: total === 0 ? null : (tally.hits + tally.semanticHits) / total };
}

function bump(map: Map<string, Tally>, key: string, outcome: CacheOutcome): void {
  let tally = map.get(key);
  if (!tally) {
    tally = { hits: 0, semanticHits: 0, misses: 0 };
    map.set(key, tally);
  }
  if (outcome === "hit") tally.hits++;
  else if (outcome === "semantic-hit") tally.semanticHits++;
  else tally.misses++;
}

/**
 * Cache hits and misses per profile and per provider, counted in memory: an
 * increment per answer costs nothing on the hot path, and health reports read
 * a snapshot. Counts are per isolate and start over with it.
 */
export class CacheCounters {
  readonly #profiles = new Map<string, Tally>();
  readonly #providers = new Map<string, Tally>();

  record(outcome: CacheOutcome, served: { profile: string; provider: ProviderId }): void {
    bump(this.#profiles, served.profile, outcome);
    bump(this.#providers, served.provider, outcome);
  }

  snapshot(): CacheCountsSnapshot {
    const rates = (map: Map<string, Tally>) => Object.fromEntries([...map].map(([key, tally]) => [key, withRate(tally)]));
    return { profiles: rates(this.#profiles), providers: rates(this.#providers) };
  }
}
