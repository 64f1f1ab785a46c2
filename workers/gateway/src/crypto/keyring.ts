/**
 * The AES-256-GCM keys own provider keys are sealed with: the current one
 * seals, every version (current and previous) opens. Keys are non-extractable.
 */
export interface Keyring {
  readonly currentVersion: number;
  readonly keys: ReadonlyMap<number, CryptoKey>;
}
