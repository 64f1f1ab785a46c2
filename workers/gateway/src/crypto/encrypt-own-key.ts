import type { ProviderId } from "@chorus/core";
import type { SealedOwnKey } from "@chorus/db";
import { toBase64 } from "./base64.ts";
import type { Keyring } from "./keyring.ts";
import { ownKeyAad } from "./own-key-aad.ts";

const IV_BYTES = 12;

/** Short keys would be mostly revealed by their last four characters; real provider keys are far longer. */
function lastFour(apiKey: string): string {
  return apiKey.length >= 16 ? apiKey.slice(-4) : "";
}

/**
 * Seals a user's provider key with the keyring's current key: AES-256-GCM, a
 * fresh random 12-byte IV, `${userId}:${provider}` as additional data. The
 * result goes straight to `putOwnKey`.
 */
export async function encryptOwnKey(
  keyring: Keyring,
  owner: { userId: string; provider: ProviderId },
  apiKey: string,
): Promise<SealedOwnKey> {
  const key = keyring.keys.get(keyring.currentVersion);
  if (!key) throw new Error(`keyring has no key for its current version ${keyring.currentVersion}`);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: ownKeyAad(owner.userId, owner.provider) },
    key,
    new TextEncoder().encode(apiKey),
  );
  return { ciphertext: toBase64(new Uint8Array(sealed)), iv: toBase64(iv), keyVersion: keyring.currentVersion, last4: lastFour(apiKey) };
}
