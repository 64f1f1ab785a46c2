import { canonicalJson, sha256Hex } from "@chorus/core";

export interface FingerprintInput {
  method: string;
  path: string;
  /** The parsed JSON body as the client sent it (key order and whitespace do not matter). */
  body: unknown;
}

/**
 * What makes two requests "the same" for an idempotency key: endpoint and
 * canonical body, hashed (SHA-256, hex) so the stored record holds no prompt.
 */
export function requestFingerprint(input: FingerprintInput): Promise<string> {
  return sha256Hex(`${input.method} ${input.path}\n${canonicalJson(input.body)}`);
}
