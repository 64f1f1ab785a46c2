import type { ProviderId } from "@chorus/core";
import {
  adminCountOwnKeysNotAtVersion, adminListOwnKeysToRotate, replaceOwnKeyCiphertext, type ChorusDb, type OwnKeyCursor,
} from "@chorus/db";
import { decryptOwnKey } from "./decrypt-own-key.ts";
import { encryptOwnKey } from "./encrypt-own-key.ts";
import type { Keyring } from "./keyring.ts";
import { OwnKeyDecryptError } from "./own-key-decrypt-error.ts";

export interface RotationReport {
  currentVersion: number;
  /** Re-sealed with the current key in this call. */
  rotated: number;
  /** Replaced by their user while this ran; the new key is already on the current version. */
  changedMeanwhile: number;
  /** Could not be opened: their version's key is not configured, or the row was altered. */
  failed: { userId: string; provider: ProviderId; keyVersion: number; reason: OwnKeyDecryptError["reason"] }[];
  /** Pass back as `after` to continue; null once every row has been visited. */
  next: OwnKeyCursor | null;
  /** Rows still not on the current version, all users (failed ones included). */
  remaining: number;
}

/** D1 caps queries per invocation (50 on the free plan); a page of rows costs one query each plus two. */
const DEFAULT_LIMIT = 40;

/**
 * Re-seals up to `limit` own keys that are not on the keyring's current
 * version, in (user, provider) order after `after`. Call again with `next`
 * until it is null; `remaining` 0 means no row needs an old key any more.
 * Each row is swapped only if unchanged since it was read, so a key the user
 * replaces meanwhile is never overwritten.
 */
export async function rotateOwnKeys(
  db: ChorusDb,
  keyring: Keyring,
  options: { after?: OwnKeyCursor | null; limit?: number } = {},
): Promise<RotationReport> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number >= 1, got ${limit}`);
  const report: RotationReport = { currentVersion: keyring.currentVersion, rotated: 0, changedMeanwhile: 0, failed: [], next: null, remaining: 0 };
  const rows = await adminListOwnKeysToRotate(db, { currentVersion: keyring.currentVersion, after: options.after ?? null, limit });
  for (const row of rows) {
    const owner = { userId: row.userId, provider: row.provider };
    let apiKey: string;
    try {
      apiKey = await decryptOwnKey(keyring, owner, row);
    } catch (error) {
      if (!(error instanceof OwnKeyDecryptError)) throw error;
      report.failed.push({ ...owner, keyVersion: row.keyVersion, reason: error.reason });
      continue;
    }
    const next = await encryptOwnKey(keyring, owner, apiKey);
    const swapped = await replaceOwnKeyCiphertext(db, row.userId, row.provider, { expectedCiphertext: row.ciphertext, next });
    if (swapped) report.rotated += 1;
    else report.changedMeanwhile += 1;
  }
  const last = rows.at(-1);
  report.next = rows.length === limit && last ? { userId: last.userId, provider: last.provider } : null;
  report.remaining = await adminCountOwnKeysNotAtVersion(db, keyring.currentVersion);
  return report;
}
