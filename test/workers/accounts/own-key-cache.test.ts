import { describe, expect, it } from "vitest";
import { OwnKeyCache } from "../../../workers/gateway/src/own-keys/own-key-cache.ts";

const alice = { userId: "alice", provider: "openai" } as const;
const bob = { userId: "bob", provider: "openai" } as const;

describe("OwnKeyCache: decrypted own keys per isolate", () => {
  it("keeps a key for ttlMs per user and provider, then forgets it", () => {
    let now = 1_000;
    const cache = new OwnKeyCache({ ttlMs: 60_000, now: () => now });
    cache.set(alice, "sk-alice");
    expect(cache.get(alice)).toBe("sk-alice");
    expect(cache.get(bob)).toBeUndefined();
    expect(cache.get({ userId: "alice", provider: "anthropic" })).toBeUndefined();
    now += 59_999;
    expect(cache.get(alice)).toBe("sk-alice");
    now += 1;
    expect(cache.get(alice)).toBeUndefined();
  });

  it("forget drops one user's key for one provider at once", () => {
    const cache = new OwnKeyCache();
    cache.set(alice, "sk-alice");
    cache.set(bob, "sk-bob");
    cache.forget(alice);
    expect(cache.get(alice)).toBeUndefined();
    expect(cache.get(bob)).toBe("sk-bob");
  });

  it("never mixes users whose ids could run together with the provider", () => {
    const cache = new OwnKeyCache();
    cache.set({ userId: "a\u0000openai", provider: "groq" }, "one");
    expect(cache.get({ userId: "a", provider: "openai" })).toBeUndefined();
  });

  it("holds at most maxEntries, dropping the oldest; ttlMs 0 keeps nothing", () => {
    const cache = new OwnKeyCache({ maxEntries: 2 });
    cache.set(alice, "1");
    cache.set(bob, "2");
    cache.set({ userId: "carol", provider: "openai" }, "3");
    expect(cache.get(alice)).toBeUndefined();
    expect(cache.get(bob)).toBe("2");
    const none = new OwnKeyCache({ ttlMs: 0 });
    none.set(alice, "1");
    expect(none.get(alice)).toBeUndefined();
    expect(() => new OwnKeyCache({ ttlMs: -1 })).toThrow(/ttlMs/);
    expect(() => new OwnKeyCache({ maxEntries: 0 })).toThrow(/maxEntries/);
  });
});
