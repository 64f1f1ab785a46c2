import { count, ne } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { ownProviderKeys } from "../schema/own-provider-keys.ts";

/** Admin, all users: how many sealed keys are not on `currentVersion` (0 once rotation is complete). */
export async function adminCountOwnKeysNotAtVersion(db: ChorusDb, currentVersion: number): Promise<number> {
  const row = await db.select({ n: count() }).from(ownProviderKeys).where(ne(ownProviderKeys.keyVersion, currentVersion)).get();
  return row?.n ?? 0;
}
