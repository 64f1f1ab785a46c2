export interface TtlCacheOptions {
  /** How long an entry is served; 0 turns the cache off. */
  ttlMs: number;
  /** At most this many entries; the oldest goes first. */
  maxEntries: number;
  now?: () => number;
  /** Names the cache in option errors. */
  name: string;
}

/**
 * A per-isolate map whose entries expire after `ttlMs` and that never grows
 * past `maxEntries`: the shape of every short-lived lookup cache on the hot path.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: TtlCacheOptions) {
    const { ttlMs, maxEntries, now = Date.now, name } = options;
    if (!Number.isInteger(ttlMs) || ttlMs < 0) throw new Error(`${name}: ttlMs must be a whole number >= 0, got ${ttlMs}`);
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`${name}: maxEntries must be a whole number >= 1, got ${maxEntries}`);
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    if (this.#ttlMs === 0) return;
    this.#entries.delete(key);
    // Maps iterate in insertion order, so the first key is the oldest entry.
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, expiresAt: this.#now() + this.#ttlMs });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Drops every entry whose value matches, e.g. a revoked key found by id. */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.#entries) if (matches(entry.value)) this.#entries.delete(key);
  }
}
