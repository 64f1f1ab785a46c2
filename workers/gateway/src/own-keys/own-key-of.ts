import type { ProviderId } from "@chorus/core";
import { createDb } from "@chorus/db";
import { keyringFor } from "../crypto/keyring-for.ts";
import { readOwnKey } from "../crypto/read-own-key.ts";
import type { GatewayEnv } from "../env.ts";
import { OwnKeyCache } from "./own-key-cache.ts";

/** This isolate's decrypted own keys; the settings routes `forget` what they change. */
export const ownKeyCache = new OwnKeyCache();

/**
 * A user's own key for a provider in plaintext, for an upstream call only:
 * from this isolate's cache, else one D1 read and one decryption. Null when
 * none is stored. Throws OwnKeyDecryptError when the row cannot be opened.
 */
export async function ownKeyOf(env: GatewayEnv, owner: { userId: string; provider: ProviderId }): Promise<string | null> {
  const cached = ownKeyCache.get(owner);
  if (cached !== undefined) return cached;
  const apiKey = await readOwnKey(createDb(env.DB), await keyringFor(env), owner);
  if (apiKey !== null) ownKeyCache.set(owner, apiKey);
  return apiKey;
}
