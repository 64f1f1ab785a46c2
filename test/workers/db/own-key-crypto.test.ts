import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { adminListOwnKeysToRotate, getOwnKeyCiphertext, putOwnKey, type OwnKeyCiphertext } from "../../../packages/db/src/index.ts";
import { toBase64 } from "../../../workers/gateway/src/crypto/base64.ts";
import { decryptOwnKey } from "../../../workers/gateway/src/crypto/decrypt-own-key.ts";
import { encryptOwnKey } from "../../../workers/gateway/src/crypto/encrypt-own-key.ts";
import { OwnKeyDecryptError } from "../../../workers/gateway/src/crypto/own-key-decrypt-error.ts";
import { readKeyring } from "../../../workers/gateway/src/crypto/read-keyring.ts";
import { readOwnKey } from "../../../workers/gateway/src/crypto/read-own-key.ts";
import { rotateOwnKeys } from "../../../workers/gateway/src/crypto/rotate-own-keys.ts";
import { storeOwnKey } from "../../../workers/gateway/src/crypto/store-own-key.ts";
import { ConfigError } from "../../../workers/gateway/src/config/config-error.ts";
import { hexOf, newUser, rowBytesHex, testDb } from "./db-fixtures.ts";

function secret(seed: number): string {
  return toBase64(Uint8Array.from({ length: 32 }, (_, i) => (seed * 31 + i) % 256));
}

const V1 = { KEY_ENCRYPTION_KEY: secret(1) };
const V2 = { KEY_ENCRYPTION_KEY: secret(2), KEY_ENCRYPTION_KEY_VERSION: "2", KEY_ENCRYPTION_KEYS_PREVIOUS: JSON.stringify({ 1: secret(1) }) };
const PROVIDER_KEY = "sk-proj-Abc123SECRETvalue-0987zyXW";

async function refusal(record: OwnKeyCiphertext, owner: { userId: string; provider: "openai" | "google" }, keyEnv = V1): Promise<OwnKeyDecryptError> {
  const error = await decryptOwnKey(await readKeyring(keyEnv), owner, record).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(OwnKeyDecryptError);
  expect((error as Error).message).not.toContain(PROVIDER_KEY);
  return error as OwnKeyDecryptError;
}

describe("own key encryption", () => {
  it("round-trips, with a fresh IV each time and only the last 4 characters in the clear", async () => {
    const keyring = await readKeyring(V1);
    const owner = { userId: newUser("u"), provider: "openai" as const };
    const first = await encryptOwnKey(keyring, owner, PROVIDER_KEY);
    const second = await encryptOwnKey(keyring, owner, PROVIDER_KEY);
    expect(first).toMatchObject({ keyVersion: 1, last4: "zyXW" });
    expect(first.iv).not.toBe(second.iv);
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(await decryptOwnKey(keyring, owner, first)).toBe(PROVIDER_KEY);
    expect(await decryptOwnKey(keyring, owner, second)).toBe(PROVIDER_KEY);
  });

  it("shows nothing of a key too short for its last 4 characters to be safe", async () => {
    expect((await encryptOwnKey(await readKeyring(V1), { userId: "u", provider: "local" }, "short-key")).last4).toBe("");
  });

  it("refuses a record opened as another user's or another provider's", async () => {
    const userId = newUser("owner");
    const record = await encryptOwnKey(await readKeyring(V1), { userId, provider: "openai" }, PROVIDER_KEY);
    expect((await refusal(record, { userId: newUser("thief"), provider: "openai" })).reason).toBe("integrity");
    expect((await refusal(record, { userId, provider: "google" })).reason).toBe("integrity");
  });

  it("refuses tampered ciphertext, tag or IV", async () => {
    const owner = { userId: newUser("u"), provider: "openai" as const };
    const record = await encryptOwnKey(await readKeyring(V1), owner, PROVIDER_KEY);
    const bytes = Uint8Array.from(atob(record.ciphertext), (char) => char.charCodeAt(0));
    const flipped = (index: number) => {
      const copy = bytes.slice();
      copy[index] = copy[index]! ^ 1;
      return toBase64(copy);
    };
    expect((await refusal({ ...record, ciphertext: flipped(0) }, owner)).reason).toBe("integrity");
    expect((await refusal({ ...record, ciphertext: flipped(bytes.length - 1) }, owner)).reason).toBe("integrity");
    expect((await refusal({ ...record, iv: toBase64(new Uint8Array(12)) }, owner)).reason).toBe("integrity");
    expect((await refusal({ ...record, ciphertext: "not base64!" }, owner)).reason).toBe("integrity");
  });

  it("refuses a record sealed with a key version that is not configured", async () => {
    const owner = { userId: newUser("u"), provider: "openai" as const };
    const record = await encryptOwnKey(await readKeyring(V2), owner, PROVIDER_KEY);
    const error = await refusal(record, owner, V1);
    expect(error.reason).toBe("unknown_key_version");
    expect(error.message).toContain("key version 2");
  });

  it("refuses a D1 row copied to another user", async () => {
    const db = testDb();
    const keyring = await readKeyring(V1);
    const [owner, other] = [newUser("owner"), newUser("other")];
    await storeOwnKey(db, keyring, { userId: owner, provider: "openai" }, PROVIDER_KEY);
    await env.DB.prepare(
      "insert into own_provider_keys select ?, provider, ciphertext, iv, key_version, last4, created_at from own_provider_keys where user_id = ?",
    ).bind(other, owner).run();
    expect(await readOwnKey(db, keyring, { userId: owner, provider: "openai" })).toBe(PROVIDER_KEY);
    await expect(readOwnKey(db, keyring, { userId: other, provider: "openai" })).rejects.toMatchObject({ reason: "integrity" });
  });

  it("leaves no plaintext in the stored row", async () => {
    const db = testDb();
    const userId = newUser("at-rest");
    const shown = await storeOwnKey(db, await readKeyring(V1), { userId, provider: "anthropic" }, PROVIDER_KEY, new Date("2026-06-01T00:00:00Z"));
    expect(shown).toEqual({ provider: "anthropic", last4: "zyXW", createdAt: "2026-06-01T00:00:00.000Z" });

    const onDisk = (await rowBytesHex("select * from own_provider_keys where user_id = ?", userId)).join("|");
    expect(onDisk).not.toBe("");
    // The whole key, its secret part without the last 4, and any 8-character window of it.
    expect(onDisk).not.toContain(hexOf(PROVIDER_KEY));
    for (let i = 0; i + 8 <= PROVIDER_KEY.length - 4; i++) expect(onDisk).not.toContain(hexOf(PROVIDER_KEY.slice(i, i + 8)));
    // Nor in the decoded ciphertext: sealing is more than an encoding.
    const record = await getOwnKeyCiphertext(db, userId, "anthropic");
    const decoded = Array.from(atob(record!.ciphertext), (char) => char.charCodeAt(0).toString(16).padStart(2, "0")).join("").toUpperCase();
    expect(decoded).not.toContain(hexOf(PROVIDER_KEY.slice(0, 8)));
  });
});

describe("readKeyring", () => {
  async function problem(keyEnv: Record<string, unknown>): Promise<string> {
    const error = await readKeyring(keyEnv).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const value of Object.values(keyEnv)) if (typeof value === "string" && value.length > 8) expect(message).not.toContain(value);
    return message;
  }

  it("names the variable that is missing or malformed, never its value", async () => {
    expect(await problem({})).toMatch(/^KEY_ENCRYPTION_KEY is not set/);
    expect(await problem({ KEY_ENCRYPTION_KEY: "  " })).toMatch(/^KEY_ENCRYPTION_KEY is not set/);
    expect(await problem({ KEY_ENCRYPTION_KEY: "definitely*not*base64" })).toMatch(/^KEY_ENCRYPTION_KEY is not valid base64/);
    expect(await problem({ KEY_ENCRYPTION_KEY: toBase64(new Uint8Array(16)) }))
      .toMatch(/^KEY_ENCRYPTION_KEY must decode to exactly 32 bytes \(AES-256\), got 16/);
    expect(await problem({ ...V1, KEY_ENCRYPTION_KEY_VERSION: "two" })).toBe("KEY_ENCRYPTION_KEY_VERSION must be a whole number >= 1");
    expect(await problem({ ...V1, KEY_ENCRYPTION_KEY_VERSION: "0" })).toBe("KEY_ENCRYPTION_KEY_VERSION must be a whole number >= 1");
    expect(await problem({ ...V1, KEY_ENCRYPTION_KEYS_PREVIOUS: "{1:" })).toMatch(/^KEY_ENCRYPTION_KEYS_PREVIOUS must be a JSON object .* not valid JSON$/);
    expect(await problem({ ...V1, KEY_ENCRYPTION_KEYS_PREVIOUS: "[]" })).toMatch(/^KEY_ENCRYPTION_KEYS_PREVIOUS must be a JSON object/);
    expect(await problem({ ...V1, KEY_ENCRYPTION_KEYS_PREVIOUS: JSON.stringify({ old: secret(3) }) }))
      .toBe('KEY_ENCRYPTION_KEYS_PREVIOUS["old"]: the version must be a whole number >= 1');
    expect(await problem({ ...V1, KEY_ENCRYPTION_KEYS_PREVIOUS: JSON.stringify({ 1: secret(3) }) }))
      .toMatch(/^KEY_ENCRYPTION_KEYS_PREVIOUS\["1"\]: version 1 is the current KEY_ENCRYPTION_KEY_VERSION/);
    expect(await problem({ ...V2, KEY_ENCRYPTION_KEYS_PREVIOUS: JSON.stringify({ 1: "c2hvcnQ=" }) }))
      .toMatch(/^KEY_ENCRYPTION_KEYS_PREVIOUS\["1"\] must decode to exactly 32 bytes/);
  });

  it("accepts URL-safe base64 without padding, and versions as numbers", async () => {
    const urlSafe = secret(7).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const keyring = await readKeyring({ KEY_ENCRYPTION_KEY: urlSafe, KEY_ENCRYPTION_KEY_VERSION: 3 });
    expect(keyring.currentVersion).toBe(3);
    expect([...keyring.keys.keys()]).toEqual([3]);
  });
});

describe("rotateOwnKeys", () => {
  /** Rows of these tests' users only: other test files may share the database. */
  async function versionsOf(users: string[]): Promise<number[]> {
    const rows = await Promise.all(users.map((userId) => getOwnKeyCiphertext(testDb(), userId, "openai")));
    return rows.map((row) => row?.keyVersion ?? 0);
  }

  it("re-seals every row with the current key, after which the old key is no longer needed", async () => {
    const db = testDb();
    const users = Array.from({ length: 5 }, (_, i) => newUser(`rot${i}`));
    const v1 = await readKeyring(V1);
    for (const [i, userId] of users.entries()) await storeOwnKey(db, v1, { userId, provider: "openai" }, `${PROVIDER_KEY}-${i}`);
    const before = await Promise.all(users.map((userId) => getOwnKeyCiphertext(db, userId, "openai")));

    const v2 = await readKeyring(V2);
    let after = null;
    let rotated = 0;
    do {
      const report = await rotateOwnKeys(db, v2, { after, limit: 2 });
      expect(report.currentVersion).toBe(2);
      rotated += report.rotated;
      after = report.next;
    } while (after);
    expect(rotated).toBeGreaterThanOrEqual(users.length);
    expect(await versionsOf(users)).toEqual([2, 2, 2, 2, 2]);

    const onlyV2 = await readKeyring({ KEY_ENCRYPTION_KEY: secret(2), KEY_ENCRYPTION_KEY_VERSION: "2" });
    for (const [i, userId] of users.entries()) {
      const row = await getOwnKeyCiphertext(db, userId, "openai");
      expect(row?.ciphertext).not.toBe(before[i]?.ciphertext);
      expect(await readOwnKey(db, onlyV2, { userId, provider: "openai" })).toBe(`${PROVIDER_KEY}-${i}`);
    }
    expect((await adminListOwnKeysToRotate(db, { currentVersion: 2, limit: 1000 })).filter((row) => users.includes(row.userId))).toEqual([]);
  });

  it("reports rows it cannot open and moves past them", async () => {
    const db = testDb();
    const [good, lost] = [newUser("rot-a-good"), newUser("rot-b-lost")];
    await storeOwnKey(db, await readKeyring(V1), { userId: good, provider: "openai" }, PROVIDER_KEY);
    // Sealed with a version-9 key nobody configured any more.
    const orphan = await encryptOwnKey(await readKeyring({ KEY_ENCRYPTION_KEY: secret(9), KEY_ENCRYPTION_KEY_VERSION: "9" }), { userId: lost, provider: "openai" }, PROVIDER_KEY);
    await putOwnKey(db, lost, "openai", orphan);

    const v2 = await readKeyring(V2);
    const failed = [];
    let after = null;
    do {
      const report = await rotateOwnKeys(db, v2, { after, limit: 1 });
      failed.push(...report.failed);
      expect(report.remaining).toBeGreaterThanOrEqual(1);
      after = report.next;
    } while (after);
    expect(failed.filter((row) => row.userId === lost)).toEqual([{ userId: lost, provider: "openai", keyVersion: 9, reason: "unknown_key_version" }]);
    expect(await versionsOf([good, lost])).toEqual([2, 9]);
  });

  it("refuses a page size that would never progress", async () => {
    await expect(rotateOwnKeys(testDb(), await readKeyring(V2), { limit: 0 })).rejects.toThrow(RangeError);
  });
});
