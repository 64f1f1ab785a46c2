import { describe, expect, it, vi } from "vitest";
import { hashApiKey } from "../../../packages/db/src/index.ts";
import { ApiKeyCache } from "../../../workers/gateway/src/auth/api-key-cache.ts";
import type { ApiKeyRecord } from "../../../workers/gateway/src/auth/api-key-lookup.ts";
import { isApiKeyShaped } from "../../../workers/gateway/src/auth/api-key-shape.ts";
import { authTestApp, errorOf, newApiKey } from "./auth-test-app.ts";

describe("API key shape", () => {
  it("only ck_ + 43 base64url characters is key-shaped", () => {
    expect(isApiKeyShaped(newApiKey())).toBe(true);
    for (const value of ["ck_", "ck_short", `ck_${"a".repeat(44)}`, `ck_${"a".repeat(42)}!`, `CK_${"a".repeat(43)}`, `sk_${"a".repeat(43)}`]) {
      expect(isApiKeyShaped(value)).toBe(false);
    }
  });
});

/** A key table as the D1 query will answer it, with every lookup recorded. */
function keyStore() {
  const rows = new Map<string, ApiKeyRecord>();
  const lookups: string[] = [];
  return {
    lookups,
    async add(record: Omit<ApiKeyRecord, "revoked"> & { revoked?: boolean }): Promise<string> {
      const key = newApiKey();
      rows.set(await hashApiKey(key), { revoked: false, ...record });
      return key;
    },
    revoke(id: string) {
      for (const row of rows.values()) if (row.id === id) row.revoked = true;
    },
    lookupApiKey: async (hash: string) => {
      lookups.push(hash);
      const row = rows.get(hash);
      return row && { ...row };
    },
  };
}

describe("API keys in the auth middleware", () => {
  it("a stored key acts as its user, with that user's plan, verified; the lookup sees only the hash", async () => {
    const store = keyStore();
    const { send, handled } = authTestApp({ lookupApiKey: store.lookupApiKey });
    const key = await store.add({ id: "key-1", userId: "user-7", plan: "pro" });
    const { res, text } = await send("/v1/whoami", { token: key });
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ userId: "user-7", tier: "verified", plan: "pro", emailVerified: true, credential: "api_key", apiKeyId: "key-1" });
    expect(store.lookups).toEqual([await hashApiKey(key)]);
    expect(handled).toEqual(["/v1/whoami"]);
  });

  it("a missing or unknown plan on the row is free", async () => {
    const store = keyStore();
    const { send } = authTestApp({ lookupApiKey: store.lookupApiKey });
    for (const plan of [undefined, null, "gold"]) {
      const key = await store.add({ id: `key-${plan}`, userId: "u", plan });
      expect(JSON.parse((await send("/v1/whoami", { token: key })).text).plan).toBe("free");
    }
  });

  it("an unknown key is 401 invalid_token", async () => {
    const store = keyStore();
    const { send, handled } = authTestApp({ lookupApiKey: store.lookupApiKey });
    const { res, text } = await send("/v1/whoami", { token: newApiKey() });
    expect(res.status).toBe(401);
    expect(errorOf(text)).toMatchObject({ type: "authentication_error", code: "invalid_token", message: "The API key is invalid." });
    expect(handled).toEqual([]);
  });

  it("a malformed ck_ key is refused without a lookup", async () => {
    const store = keyStore();
    const { send } = authTestApp({ lookupApiKey: store.lookupApiKey });
    for (const token of ["ck_short", `ck_${"a".repeat(60)}`]) {
      const { res, text } = await send("/v1/whoami", { token });
      expect(res.status).toBe(401);
      expect(errorOf(text).code).toBe("invalid_token");
    }
    expect(store.lookups).toEqual([]);
  });

  it("a revoked key is 401 invalid_token", async () => {
    const store = keyStore();
    const { send } = authTestApp({ lookupApiKey: store.lookupApiKey });
    const key = await store.add({ id: "key-r", userId: "u", revoked: true });
    const { res, text } = await send("/v1/whoami", { token: key });
    expect(res.status).toBe(401);
    expect(errorOf(text)).toMatchObject({ code: "invalid_token", message: "The API key has been revoked." });
  });

  it("a found key is cached: repeated calls cost one lookup; misses are not cached", async () => {
    const store = keyStore();
    const { send } = authTestApp({ lookupApiKey: store.lookupApiKey });
    const key = await store.add({ id: "key-c", userId: "u" });
    for (let i = 0; i < 5; i++) expect((await send("/v1/whoami", { token: key })).res.status).toBe(200);
    expect(store.lookups).toHaveLength(1);
    const unknown = newApiKey();
    await send("/v1/whoami", { token: unknown });
    await send("/v1/whoami", { token: unknown });
    expect(store.lookups).toHaveLength(3);
  });

  it("revocation takes effect when the cached entry expires, or at once where the cache forgets the key", async () => {
    const store = keyStore();
    let now = 1_000_000;
    const cache = new ApiKeyCache({ ttlMs: 60_000, now: () => now });
    const { send } = authTestApp({ lookupApiKey: store.lookupApiKey, apiKeyCache: cache });
    const first = await store.add({ id: "key-a", userId: "u" });
    const second = await store.add({ id: "key-b", userId: "u" });
    expect((await send("/v1/whoami", { token: first })).res.status).toBe(200);
    expect((await send("/v1/whoami", { token: second })).res.status).toBe(200);
    store.revoke("key-a");
    store.revoke("key-b");
    // Another isolate's revocation: still served from the cache until the TTL runs out.
    now += 59_000;
    expect((await send("/v1/whoami", { token: first })).res.status).toBe(200);
    now += 2_000;
    expect((await send("/v1/whoami", { token: first })).res.status).toBe(401);
    // This isolate's revocation: the admin route calls forget().
    cache.forget("key-b");
    expect((await send("/v1/whoami", { token: second })).res.status).toBe(401);
  });

  it("a failing lookup (D1 down) is a generic 500, logged without the key", async () => {
    const key = newApiKey();
    const { send } = authTestApp({ lookupApiKey: async () => { throw new Error("D1_ERROR: database unavailable"); } });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { res, text } = await send("/v1/whoami", { token: key });
      expect(res.status).toBe(500);
      expect(errorOf(text).code).toBe("internal_error");
      expect(errors.mock.calls.flat().join(" ")).not.toContain(key);
    } finally {
      errors.mockRestore();
    }
  });
});

describe("ApiKeyCache", () => {
  const record = (id: string): ApiKeyRecord => ({ id, userId: "u", revoked: false });

  it("evicts the oldest entry past maxEntries", () => {
    const cache = new ApiKeyCache({ maxEntries: 2 });
    cache.set("h1", record("1"));
    cache.set("h2", record("2"));
    cache.set("h3", record("3"));
    expect(cache.get("h1")).toBeUndefined();
    expect(cache.get("h2")?.id).toBe("2");
    expect(cache.get("h3")?.id).toBe("3");
  });

  it("ttlMs 0 caches nothing; bad options throw at construction", () => {
    const cache = new ApiKeyCache({ ttlMs: 0 });
    cache.set("h", record("1"));
    expect(cache.get("h")).toBeUndefined();
    expect(() => new ApiKeyCache({ ttlMs: -1 })).toThrow(/ttlMs/);
    expect(() => new ApiKeyCache({ maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
