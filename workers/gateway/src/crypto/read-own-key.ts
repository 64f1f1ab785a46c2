import type { ProviderId } from "@chorus/core";
import { getOwnKeyCiphertext, type ChorusDb } from "@chorus/db";
import { decryptOwnKey } from "./decrypt-own-key.ts";
import type { Keyring } from "./keyring.ts";

/** The user's own key for a provider in plaintext, for the upstream call only; null when none is stored. */
export async function readOwnKey(
  db: ChorusDb,
  keyring: Keyring,
  owner: { userId: string; provider: ProviderId },
): Promise<string | null> {
  const record = await getOwnKeyCiphertext(db, owner.userId, owner.provider);
  return record ? decryptOwnKey(keyring, owner, record) : null;
}
