import { describe, expect, it } from "vitest";
import {
  deleteOwnKey, getOwnKeyCiphertext, listOwnKeys, putOwnKey, replaceOwnKeyCiphertext, type SealedOwnKey,
} from "../../../packages/db/src/index.ts";
import { newUser, testDb } from "./db-fixtures.ts";

function sealed(tag: string, keyVersion = 1): SealedOwnKey {
  return { ciphertext: `ct-${tag}`, iv: `iv-${tag}`, keyVersion, last4: tag.slice(-4).padStart(4, "x") };
}

describe("own key rows", () => {
  it("are stored, listed without ciphertext, fetched and deleted", async () => {
    const db = testDb();
    const user = newUser("keys");
    const at = new Date("2026-03-01T10:00:00.000Z");
    await putOwnKey(db, user, "openai", sealed("oa01"), at);
    await putOwnKey(db, user, "anthropic", sealed("an01"), at);

    const listed = await listOwnKeys(db, user);
    expect(listed).toEqual([
      { provider: "anthropic", last4: "an01", createdAt: at.toISOString() },
      { provider: "openai", last4: "oa01", createdAt: at.toISOString() },
    ]);
    expect(JSON.stringify(listed)).not.toContain("ct-");

    expect(await getOwnKeyCiphertext(db, user, "openai")).toEqual({ ciphertext: "ct-oa01", iv: "iv-oa01", keyVersion: 1 });
    expect(await getOwnKeyCiphertext(db, user, "google")).toBeNull();

    expect(await deleteOwnKey(db, user, "openai")).toBe(true);
    expect(await deleteOwnKey(db, user, "openai")).toBe(false);
    expect((await listOwnKeys(db, user)).map((key) => key.provider)).toEqual(["anthropic"]);
  });

  it("are replaced by a new key for the same provider, with a new createdAt", async () => {
    const db = testDb();
    const user = newUser("replace");
    await putOwnKey(db, user, "groq", sealed("old1"), new Date("2026-01-01T00:00:00Z"));
    await putOwnKey(db, user, "groq", sealed("new2", 2), new Date("2026-02-01T00:00:00Z"));
    expect(await listOwnKeys(db, user)).toEqual([{ provider: "groq", last4: "new2", createdAt: "2026-02-01T00:00:00.000Z" }]);
    expect(await getOwnKeyCiphertext(db, user, "groq")).toEqual({ ciphertext: "ct-new2", iv: "iv-new2", keyVersion: 2 });
  });

  it("swap ciphertext only while it is still the one read (rotation never overwrites a newer key)", async () => {
    const db = testDb();
    const user = newUser("cas");
    await putOwnKey(db, user, "openai", sealed("v1aa"));
    const next = { ciphertext: "ct-v2", iv: "iv-v2", keyVersion: 2 };
    expect(await replaceOwnKeyCiphertext(db, user, "openai", { expectedCiphertext: "ct-stale", next })).toBe(false);
    expect(await replaceOwnKeyCiphertext(db, user, "openai", { expectedCiphertext: "ct-v1aa", next })).toBe(true);
    expect(await getOwnKeyCiphertext(db, user, "openai")).toEqual(next);
    expect((await listOwnKeys(db, user))[0]?.last4).toBe("v1aa");
  });

  it("of user B are never read, replaced or deleted through user A's id", async () => {
    const db = testDb();
    const [a, b] = [newUser("a"), newUser("b")];
    await putOwnKey(db, b, "openai", sealed("bbbb"));
    await putOwnKey(db, b, "google", sealed("bgoo"));
    const before = { list: await listOwnKeys(db, b), openai: await getOwnKeyCiphertext(db, b, "openai") };

    expect(await listOwnKeys(db, a)).toEqual([]);
    expect(await getOwnKeyCiphertext(db, a, "openai")).toBeNull();
    expect(await deleteOwnKey(db, a, "google")).toBe(false);
    expect(await replaceOwnKeyCiphertext(db, a, "openai", { expectedCiphertext: "ct-bbbb", next: { ciphertext: "x", iv: "y", keyVersion: 9 } }))
      .toBe(false);
    await putOwnKey(db, a, "openai", sealed("aaaa"));

    expect(await listOwnKeys(db, b)).toEqual(before.list);
    expect(await getOwnKeyCiphertext(db, b, "openai")).toEqual(before.openai);
    expect((await listOwnKeys(db, a)).map((key) => key.last4)).toEqual(["aaaa"]);
  });
});
