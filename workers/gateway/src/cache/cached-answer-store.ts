import { isCachedAnswer, type CachedAnswer } from "@chorus/core";

/** The answer stored under an exact-cache key, or undefined (absent, expired, or not a form this version reads). */
export async function readCachedAnswer(kv: KVNamespace, key: string): Promise<CachedAnswer | undefined> {
  const value: unknown = await kv.get(key, "json");
  return isCachedAnswer(value) ? value : undefined;
}

/** Stores an answer under its exact-cache key for `ttlSeconds` (>= 60, KV's minimum). */
export async function writeCachedAnswer(kv: KVNamespace, key: string, answer: CachedAnswer, ttlSeconds: number): Promise<void> {
  await kv.put(key, JSON.stringify(answer), { expirationTtl: ttlSeconds });
}
