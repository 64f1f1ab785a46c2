import type { ProviderId } from "@chorus/core";
import type { ChorusDb } from "../create-db.ts";
import { ownProviderKeys } from "../schema/own-provider-keys.ts";
import type { SealedOwnKey } from "./own-key-types.ts";

/** Stores the user's sealed key for a provider, replacing any earlier one (a new key: `createdAt` restarts). */
export async function putOwnKey(
  db: ChorusDb,
  userId: string,
  provider: ProviderId,
  sealed: SealedOwnKey,
  now: Date = new Date(),
): Promise<void> {
  const fields = { ciphertext: sealed.ciphertext, iv: sealed.iv, keyVersion: sealed.keyVersion, last4: sealed.last4, createdAt: now };
  await db.insert(ownProviderKeys)
    .values({ userId, provider, ...fields })
    .onConflictDoUpdate({ target: [ownProviderKeys.userId, ownProviderKeys.provider], set: fields });
}
