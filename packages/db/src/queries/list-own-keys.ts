import { asc, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { ownProviderKeys } from "../schema/own-provider-keys.ts";
import type { OwnKeySummary } from "./own-key-types.ts";

/** The user's own keys as `GET /v1/settings/keys` shows them; the ciphertext is never selected. */
export async function listOwnKeys(db: ChorusDb, userId: string): Promise<OwnKeySummary[]> {
  const rows = await db
    .select({ provider: ownProviderKeys.provider, last4: ownProviderKeys.last4, createdAt: ownProviderKeys.createdAt })
    .from(ownProviderKeys)
    .where(eq(ownProviderKeys.userId, userId))
    .orderBy(asc(ownProviderKeys.provider));
  return rows.map((row) => ({ provider: row.provider, last4: row.last4, createdAt: row.createdAt.toISOString() }));
}
