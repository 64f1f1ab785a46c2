import { canonicalJson } from "@chorus/core";

const encoder = new TextEncoder();

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
export async function requestFingerprint(input: FingerprintInput): Promise<string> {
  const text = `${input.method} ${input.path}\n${canonicalJson(input.body)}`;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
