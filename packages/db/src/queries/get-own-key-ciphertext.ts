import type { ProviderId } from "@chorus/core";
import { and, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { ownProviderKeys } from "../schema/own-provider-keys.ts";
import type { OwnKeyCiphertext } from "./own-key-types.ts";

/** The sealed key for one of the user's providers, for the gateway to decrypt; null when none is stored. */
export async function getOwnKeyCiphertext(db: ChorusDb, userId: string, provider: ProviderId): Promise<OwnKeyCiphertext | null> {
  const row = await db
    .select({ ciphertext: ownProviderKeys.ciphertext, iv: ownProviderKeys.iv, keyVersion: ownProviderKeys.keyVersion })
    .from(ownProviderKeys)
    .where(and(eq(ownProviderKeys.userId, userId), eq(ownProviderKeys.provider, provider)))
    .get();
  return row ?? null;
}
