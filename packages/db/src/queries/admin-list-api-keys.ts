import { asc, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { apiKeys } from "../schema/api-keys.ts";
import type { ApiKeySummary } from "./api-key-types.ts";

/** Admin: every API key (or one user's), revoked ones included, oldest first; hashes are never selected. */
export async function adminListApiKeys(db: ChorusDb, filter: { userId?: string } = {}): Promise<ApiKeySummary[]> {
  const rows = await db
    .select({
      id: apiKeys.id,
      userId: apiKeys.userId,
      name: apiKeys.name,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .where(filter.userId === undefined ? undefined : eq(apiKeys.userId, filter.userId))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}
