import type { ApiKeyRecord } from "./api-key-lookup.ts";

export interface ApiKeyCacheOptions {
  /** How long a looked-up key is trusted without asking D1 again; also how late a revocation can take effect. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  record: ApiKeyRecord;
  expiresAt: number;
}

/**
 * Found API keys per isolate, by hash, for a short time, so the hot path does
 * not query D1 on every request. Misses are not cached: a new key works at once.
 * Revocation reaches other isolates within `ttlMs`; `forget` makes it immediate
 * in the isolate that revoked.
 */
export class ApiKeyCache {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: ApiKeyCacheOptions = {}) {
    const { ttlMs = 60_000, maxEntries = 10_000, now = Date.now } = options;
    if (!Number.isInteger(ttlMs) || ttlMs < 0) throw new Error(`ApiKeyCache: ttlMs must be a whole number >= 0, got ${ttlMs}`);
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`ApiKeyCache: maxEntries must be a whole number >= 1, got ${maxEntries}`);
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  get(hash: string): ApiKeyRecord | undefined {
    const entry = this.#entries.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(hash);
      return undefined;
    }
    return entry.record;
  }

  set(hash: string, record: ApiKeyRecord): void {
    if (this.#ttlMs === 0) return;
    this.#entries.delete(hash);
    // Maps iterate in insertion order, so the first key is the oldest entry.
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(hash, { record, expiresAt: this.#now() + this.#ttlMs });
  }

  /** Drops a key by id, for the admin route that revokes it. */
  forget(id: string): void {
    for (const [hash, entry] of this.#entries) if (entry.record.id === id) this.#entries.delete(hash);
  }
}
