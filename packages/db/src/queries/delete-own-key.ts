import type { ProviderId } from "@chorus/core";
import { and, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { ownProviderKeys } from "../schema/own-provider-keys.ts";

/** Removes the user's key for a provider; false when there was none (the route answers 404). */
export async function deleteOwnKey(db: ChorusDb, userId: string, provider: ProviderId): Promise<boolean> {
  const deleted = await db.delete(ownProviderKeys)
    .where(and(eq(ownProviderKeys.userId, userId), eq(ownProviderKeys.provider, provider)))
    .returning({ provider: ownProviderKeys.provider });
  return deleted.length > 0;
}
