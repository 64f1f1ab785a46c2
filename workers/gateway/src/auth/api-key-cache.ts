import { TtlCache } from "@chorus/core";
import type { ApiKeyRecord } from "./api-key-lookup.ts";

export interface ApiKeyCacheOptions {
  /** How long a looked-up key is trusted without asking D1 again; also how late a revocation can take effect. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Found API keys per isolate, by hash, for a short time, so the hot path does
 * not query D1 on every request. Misses are not cached: a new key works at once.
 * Revocation reaches other isolates within `ttlMs`; `forget` makes it immediate
 * in the isolate that revoked.
 */
export class ApiKeyCache {
  readonly #cache: TtlCache<ApiKeyRecord>;

  constructor(options: ApiKeyCacheOptions = {}) {
    this.#cache = new TtlCache({ ttlMs: options.ttlMs ?? 60_000, maxEntries: options.maxEntries ?? 10_000, now: options.now, name: "ApiKeyCache" });
  }

  get(hash: string): ApiKeyRecord | undefined {
    return this.#cache.get(hash);
  }

  set(hash: string, record: ApiKeyRecord): void {
    this.#cache.set(hash, record);
  }

  /** Drops a key by id, for the admin route that revokes it. */
  forget(id: string): void {
    this.#cache.deleteWhere((record) => record.id === id);
  }
}
