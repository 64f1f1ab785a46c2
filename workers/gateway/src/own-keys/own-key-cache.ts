import type { ProviderId } from "@chorus/core";

export interface OwnKeyCacheOptions {
  /** How long a decrypted key is used without reading D1 again; also how late a replacement stored in another isolate takes effect. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  apiKey: string;
  expiresAt: number;
}

type Owner = { userId: string; provider: ProviderId };

function entryKey(owner: Owner): string {
  return `${owner.provider}\u0000${owner.userId}`;
}

/**
 * Users' decrypted provider keys per isolate, for a short time, so a user
 * routing with their own key does not pay a D1 read and a decryption on every
 * request. The key is in memory anyway for as long as its SDK client is
 * cached; this adds no new place it can leak from. Removal is immediate
 * everywhere without this cache's help: routing asks for a key only when the
 * user's `UserQuota` lists the provider. A replacement reaches other isolates
 * within `ttlMs`; a provider rejecting the key `forget`s it at once.
 */
export class OwnKeyCache {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: OwnKeyCacheOptions = {}) {
    const { ttlMs = 60_000, maxEntries = 1_000, now = Date.now } = options;
    if (!Number.isInteger(ttlMs) || ttlMs < 0) throw new Error(`OwnKeyCache: ttlMs must be a whole number >= 0, got ${ttlMs}`);
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`OwnKeyCache: maxEntries must be a whole number >= 1, got ${maxEntries}`);
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  get(owner: Owner): string | undefined {
    const key = entryKey(owner);
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.apiKey;
  }

  set(owner: Owner, apiKey: string): void {
    if (this.#ttlMs === 0) return;
    const key = entryKey(owner);
    this.#entries.delete(key);
    // Maps iterate in insertion order, so the first key is the oldest entry.
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { apiKey, expiresAt: this.#now() + this.#ttlMs });
  }

  forget(owner: Owner): void {
    this.#entries.delete(entryKey(owner));
  }
}
