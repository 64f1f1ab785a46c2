import { createDb, findApiKeyByHash } from "@chorus/db";
import type { ApiKeyLookup } from "./api-key-lookup.ts";

/**
 * The production `lookupApiKey`: `api_keys` joined to the owner's plan in D1.
 * The query returns only unrevoked keys, so a revoked key reads as unknown.
 */
export const lookupApiKeyInD1: ApiKeyLookup = async (hash, c) => {
  const found = await findApiKeyByHash(createDb(c.env.DB), hash);
  return found ? { id: found.keyId, userId: found.userId, plan: found.plan, revoked: false } : undefined;
};
