import { and, eq, isNull } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { apiKeys } from "../schema/api-keys.ts";
import { users, type Plan } from "../schema/users.ts";

/** Who a live API key acts as. */
export interface ApiKeyPrincipal {
  keyId: string;
  userId: string;
  name: string;
  /** The user's plan as last recorded (`recordUser`); `free` when never seen. */
  plan: Plan;
}

/**
 * Auth: the unrevoked key with this hash (`hashApiKey` of the bearer token),
 * or null. Runs before any user is known, so it is keyed by the hash alone.
 */
export async function findApiKeyByHash(db: ChorusDb, keyHash: string): Promise<ApiKeyPrincipal | null> {
  const row = await db
    .select({ keyId: apiKeys.id, userId: apiKeys.userId, name: apiKeys.name, plan: users.plan })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .get();
  return row ? { ...row, plan: row.plan ?? "free" } : null;
}
