import type { ProviderId } from "@chorus/core";
import type { OwnKeyCiphertext } from "@chorus/db";
import { fromBase64 } from "./base64.ts";
import type { Keyring } from "./keyring.ts";
import { ownKeyAad } from "./own-key-aad.ts";
import { OwnKeyDecryptError } from "./own-key-decrypt-error.ts";

/** Opens a sealed own key with the key of its version; throws OwnKeyDecryptError when it cannot. */
export async function decryptOwnKey(
  keyring: Keyring,
  owner: { userId: string; provider: ProviderId },
  record: OwnKeyCiphertext,
): Promise<string> {
  const key = keyring.keys.get(record.keyVersion);
  if (!key) {
    throw new OwnKeyDecryptError("unknown_key_version",
      `the stored ${owner.provider} key is sealed with key version ${record.keyVersion}, which neither KEY_ENCRYPTION_KEY nor KEY_ENCRYPTION_KEYS_PREVIOUS holds`);
  }
  const integrity = new OwnKeyDecryptError("integrity",
    `the stored ${owner.provider} key failed its integrity check (altered, or not this user's or provider's)`);
  const iv = fromBase64(record.iv);
  const ciphertext = fromBase64(record.ciphertext);
  if (!iv || !ciphertext || iv.length !== 12) throw integrity;
  try {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: ownKeyAad(owner.userId, owner.provider) }, key, ciphertext);
    return new TextDecoder().decode(plain);
  } catch {
    throw integrity;
  }
}
