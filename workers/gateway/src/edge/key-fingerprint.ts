const encoder = new TextEncoder();
/** Platform keys are few; a bound keeps a flood of distinct own keys from growing the map for good. */
const MAX_REMEMBERED = 1_000;
const remembered = new Map<string, string>();

/**
 * Names a key without revealing it: the first 64 bits of its SHA-256, as hex.
 * Enough to tell keys apart, and it can appear in object names and docs.
 * Computed once per isolate and key. No key at all is `none`.
 */
export async function keyFingerprint(apiKey: string | undefined): Promise<string> {
  if (!apiKey) return "none";
  const known = remembered.get(apiKey);
  if (known) return known;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(apiKey)));
  let hex = "";
  for (const byte of digest.subarray(0, 8)) hex += byte.toString(16).padStart(2, "0");
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(apiKey, hex);
  return hex;
}
