import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  adminCreateApiKey, adminListApiKeys, adminRevokeApiKey, findApiKeyByHash, hashApiKey, markApiKeyUsed, recordUser,
} from "../../../packages/db/src/index.ts";
import { hexOf, newUser, rowBytesHex, testDb } from "./db-fixtures.ts";

describe("API keys", () => {
  it("are created once, stored only as a hash, and found by that hash", async () => {
    const db = testDb();
    const user = newUser("server");
    const at = new Date("2026-04-01T09:00:00.000Z");
    const created = await adminCreateApiKey(db, { userId: user, name: "backend" }, at);
    expect(created).toEqual({ id: expect.any(String), key: expect.stringMatching(/^ck_[A-Za-z0-9_-]{43}$/), userId: user, name: "backend", createdAt: at.toISOString() });

    const stored = await rowBytesHex("select * from api_keys where id = ?", created.id);
    expect(stored.join("")).not.toContain(hexOf(created.key));
    expect(stored.join("")).not.toContain(hexOf(created.key.slice(3)));

    expect(await findApiKeyByHash(db, await hashApiKey(created.key))).toEqual({ keyId: created.id, userId: user, name: "backend", plan: "free" });
    expect(await findApiKeyByHash(db, await hashApiKey(`${created.key}x`))).toBeNull();
  });

  it("act with their user's plan as last recorded", async () => {
    const db = testDb();
    const user = newUser("premium");
    const { key } = await adminCreateApiKey(db, { userId: user, name: "svc" });
    await recordUser(db, user, { plan: "premium", emailVerified: true });
    expect((await findApiKeyByHash(db, await hashApiKey(key)))?.plan).toBe("premium");
  });

  it("are not found once revoked; revoking again keeps the first time", async () => {
    const db = testDb();
    const user = newUser("revoked");
    const { id, key } = await adminCreateApiKey(db, { userId: user, name: "old" });
    const first = new Date("2026-04-02T00:00:00.000Z");
    expect(await adminRevokeApiKey(db, id, first)).toBe(true);
    expect(await adminRevokeApiKey(db, id, new Date("2026-04-03T00:00:00.000Z"))).toBe(true);
    expect(await findApiKeyByHash(db, await hashApiKey(key))).toBeNull();
    expect((await adminListApiKeys(db, { userId: user }))[0]?.revokedAt).toBe(first.toISOString());
    expect(await adminRevokeApiKey(db, "no-such-key")).toBe(false);
  });

  it("are listed without key or hash, per user on request", async () => {
    const db = testDb();
    const [a, b] = [newUser("a"), newUser("b")];
    const one = await adminCreateApiKey(db, { userId: a, name: "one" }, new Date("2026-04-01T00:00:00Z"));
    const two = await adminCreateApiKey(db, { userId: a, name: "two" }, new Date("2026-04-02T00:00:00Z"));
    await adminCreateApiKey(db, { userId: b, name: "other" });

    const listed = await adminListApiKeys(db, { userId: a });
    expect(listed).toEqual([
      { id: one.id, userId: a, name: "one", createdAt: "2026-04-01T00:00:00.000Z", revokedAt: null, lastUsedAt: null },
      { id: two.id, userId: a, name: "two", createdAt: "2026-04-02T00:00:00.000Z", revokedAt: null, lastUsedAt: null },
    ]);
    const all = await adminListApiKeys(db);
    expect(all.filter((key) => [a, b].includes(key.userId))).toHaveLength(3);
    const text = JSON.stringify(all);
    expect(text).not.toContain(one.key);
    expect(text).not.toContain(await hashApiKey(one.key));
  });

  it("note their last use at most once a minute", async () => {
    const db = testDb();
    const { id } = await adminCreateApiKey(db, { userId: newUser("used"), name: "svc" });
    const lastUsed = async () => (await env.DB.prepare("select last_used_at from api_keys where id = ?").bind(id).first<{ last_used_at: number }>())?.last_used_at;
    const t0 = Date.parse("2026-04-05T10:00:00Z");
    await markApiKeyUsed(db, id, new Date(t0));
    await markApiKeyUsed(db, id, new Date(t0 + 30_000));
    expect(await lastUsed()).toBe(t0);
    await markApiKeyUsed(db, id, new Date(t0 + 61_000));
    expect(await lastUsed()).toBe(t0 + 61_000);
  });
});

describe("recordUser", () => {
  it("writes only when the plan or verification changed", async () => {
    const db = testDb();
    const user = newUser("seen");
    const row = () => env.DB.prepare("select plan, email_verified, created_at, updated_at from users where id = ?").bind(user).first();
    await recordUser(db, user, { plan: "free", emailVerified: false }, new Date(1_000));
    await recordUser(db, user, { plan: "free", emailVerified: false }, new Date(2_000));
    expect(await row()).toEqual({ plan: "free", email_verified: 0, created_at: 1_000, updated_at: 1_000 });
    await recordUser(db, user, { plan: "pro", emailVerified: true }, new Date(3_000));
    expect(await row()).toEqual({ plan: "pro", email_verified: 1, created_at: 1_000, updated_at: 3_000 });
  });
});
