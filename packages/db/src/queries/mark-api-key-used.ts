import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { apiKeys } from "../schema/api-keys.ts";

/** `lastUsedAt` is for humans deciding what to revoke: minute precision spares a D1 write per request. */
const PRECISION_MS = 60_000;

/** Notes that a key was used (call in `waitUntil`); writes at most once a minute per key. */
export async function markApiKeyUsed(db: ChorusDb, id: string, now: Date = new Date()): Promise<void> {
  await db.update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(
      eq(apiKeys.id, id),
      or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - PRECISION_MS))),
    ));
}
