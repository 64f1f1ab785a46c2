import { TtlCache, type ProviderId } from "@chorus/core";

export interface OwnKeyCacheOptions {
  /** How long a decrypted key is used without reading D1 again; also how late a replacement stored in another isolate takes effect. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
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
  readonly #cache: TtlCache<string>;

  constructor(options: OwnKeyCacheOptions = {}) {
    this.#cache = new TtlCache({ ttlMs: options.ttlMs ?? 60_000, maxEntries: options.maxEntries ?? 1_000, now: options.now, name: "OwnKeyCache" });
  }

  get(owner: Owner): string | undefined {
    return this.#cache.get(entryKey(owner));
  }

  set(owner: Owner, apiKey: string): void {
    this.#cache.set(entryKey(owner), apiKey);
  }

  forget(owner: Owner): void {
    this.#cache.delete(entryKey(owner));
  }
}
