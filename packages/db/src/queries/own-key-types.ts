import type { ProviderId } from "@chorus/core";

/** An own key as sealed by the gateway's crypto: nothing here reveals the key. */
export interface OwnKeyCiphertext {
  /** Base64 of the AES-GCM output (ciphertext and tag). */
  ciphertext: string;
  /** Base64 of the 12-byte IV. */
  iv: string;
  keyVersion: number;
}

export interface SealedOwnKey extends OwnKeyCiphertext {
  last4: string;
}

/** One entry of `GET /v1/settings/keys`. */
export interface OwnKeySummary {
  provider: ProviderId;
  last4: string;
  /** ISO 8601. */
  createdAt: string;
}
