import { eq, sql } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { apiKeys } from "../schema/api-keys.ts";

/**
 * Admin: revokes a key by id; revoking twice keeps the first time. False when
 * no key has that id (the route answers 404). The row stays, for the audit trail.
 */
export async function adminRevokeApiKey(db: ChorusDb, id: string, now: Date = new Date()): Promise<boolean> {
  const revoked = await db.update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${now.getTime()})` })
    .where(eq(apiKeys.id, id))
    .returning({ id: apiKeys.id });
  return revoked.length > 0;
}
