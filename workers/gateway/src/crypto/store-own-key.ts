import type { ProviderId } from "@chorus/core";
import { putOwnKey, type ChorusDb, type OwnKeySummary } from "@chorus/db";
import { encryptOwnKey } from "./encrypt-own-key.ts";
import type { Keyring } from "./keyring.ts";

/** `PUT /v1/settings/keys/{provider}`: seals and stores the key; answers with what may be shown. */
export async function storeOwnKey(
  db: ChorusDb,
  keyring: Keyring,
  owner: { userId: string; provider: ProviderId },
  apiKey: string,
  now: Date = new Date(),
): Promise<OwnKeySummary> {
  const sealed = await encryptOwnKey(keyring, owner, apiKey);
  await putOwnKey(db, owner.userId, owner.provider, sealed, now);
  return { provider: owner.provider, last4: sealed.last4, createdAt: now.toISOString() };
}
