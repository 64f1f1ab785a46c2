import { sha256Hex, TtlCache } from "@chorus/core";

/** Platform keys are few; the bound keeps a flood of distinct own keys from growing the cache for good. */
const remembered = new TtlCache<string>({ name: "key fingerprints", ttlMs: 60 * 60_000, maxEntries: 1_000 });

/**
 * Names a key without revealing it: the first 64 bits of its SHA-256, as hex.
 * Enough to tell keys apart, and it can appear in object names and docs.
 * Computed once per isolate and key. No key at all is `none`.
 */
export async function keyFingerprint(apiKey: string | undefined): Promise<string> {
  if (!apiKey) return "none";
  const known = remembered.get(apiKey);
  if (known) return known;
  const fingerprint = (await sha256Hex(apiKey)).slice(0, 16);
  remembered.set(apiKey, fingerprint);
  return fingerprint;
}
