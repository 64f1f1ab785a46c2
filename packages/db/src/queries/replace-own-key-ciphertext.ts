import type { ProviderId } from "@chorus/core";
import { and, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { ownProviderKeys } from "../schema/own-provider-keys.ts";
import type { OwnKeyCiphertext } from "./own-key-types.ts";

/**
 * Re-seals one of the user's keys (rotation). Compare-and-set on the old
 * ciphertext: if the user stored a new key meanwhile, that key wins and this
 * returns false.
 */
export async function replaceOwnKeyCiphertext(
  db: ChorusDb,
  userId: string,
  provider: ProviderId,
  change: { expectedCiphertext: string; next: OwnKeyCiphertext },
): Promise<boolean> {
  const { ciphertext, iv, keyVersion } = change.next;
  const updated = await db.update(ownProviderKeys)
    .set({ ciphertext, iv, keyVersion })
    .where(and(
      eq(ownProviderKeys.userId, userId),
      eq(ownProviderKeys.provider, provider),
      eq(ownProviderKeys.ciphertext, change.expectedCiphertext),
    ))
    .returning({ provider: ownProviderKeys.provider });
  return updated.length > 0;
}
