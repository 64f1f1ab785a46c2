/** A sealed own key that cannot be opened. The message names the row, never key material. */
export class OwnKeyDecryptError extends Error {
  override readonly name = "OwnKeyDecryptError";
  /** `unknown_key_version`: no configured key has that version; `integrity`: tampered, or moved to another user or provider. */
  readonly reason: "unknown_key_version" | "integrity";

  constructor(reason: OwnKeyDecryptError["reason"], message: string) {
    super(message);
    this.reason = reason;
  }
}
