import { describe, expect, it } from "vitest";
import type { ProfileConfig } from "./profiles-config.ts";
import { resolveCachePolicy, type CachePolicyInput } from "./resolve-cache-policy.ts";

const profile = (cacheTtlSeconds?: number): ProfileConfig => ({ candidates: [{ provider: "openai", model: "m" }], cacheTtlSeconds });
const base: CachePolicyInput = { defaultTtlSeconds: 3600, onByDefault: true };
const ttl = (input: Partial<CachePolicyInput>) => {
  const policy = resolveCachePolicy({ ...base, ...input });
  return policy.consult ? policy.ttlSeconds : "bypass";
};

describe("resolveCachePolicy", () => {
  it("reads and writes per caller with the default TTL", () => {
    expect(resolveCachePolicy(base)).toEqual({ consult: true, read: true, ttlSeconds: 3600, shared: false });
  });

  it("takes the TTL from header > feature > profile > default", () => {
    expect(ttl({ ttlHeader: "120", feature: { cacheTtlSeconds: 300 }, profile: profile(600) })).toBe(120);
    expect(ttl({ feature: { cacheTtlSeconds: 300 }, profile: profile(600) })).toBe(300);
    expect(ttl({ feature: {}, profile: profile(600) })).toBe(600);
    expect(ttl({ profile: profile() })).toBe(3600);
  });

  it("raises a TTL under 60 s to KV's minimum, and 0 at any level means bypass", () => {
    expect(ttl({ ttlHeader: "5" })).toBe(60);
    expect(ttl({ defaultTtlSeconds: 1 })).toBe(60);
    expect(ttl({ ttlHeader: "0", profile: profile(600) })).toBe("bypass");
    expect(ttl({ feature: { cacheTtlSeconds: 0 } })).toBe("bypass");
    expect(ttl({ profile: profile(0) })).toBe("bypass");
    expect(ttl({ defaultTtlSeconds: 0 })).toBe("bypass");
    expect(ttl({ ttlHeader: "300", profile: profile(0) })).toBe(300);
  });

  it("with CACHE_DEFAULT=off caches only when a TTL is set explicitly", () => {
    const off = { onByDefault: false };
    expect(ttl(off)).toBe("bypass");
    expect(ttl({ ...off, ttlHeader: "90" })).toBe(90);
    expect(ttl({ ...off, feature: { cacheTtlSeconds: 200 } })).toBe(200);
    expect(ttl({ ...off, profile: profile(400) })).toBe(400);
    expect(ttl({ ...off, directive: "refresh" })).toBe("bypass");
  });

  it("no-store bypasses, refresh skips the read", () => {
    expect(resolveCachePolicy({ ...base, directive: "no-store" })).toEqual({ consult: false });
    expect(resolveCachePolicy({ ...base, directive: " Refresh " })).toMatchObject({ consult: true, read: false });
  });

  it("shares entries across callers only when the feature says so", () => {
    expect(resolveCachePolicy({ ...base, feature: { cacheScope: "shared" } })).toMatchObject({ shared: true });
    expect(resolveCachePolicy({ ...base, feature: { cacheScope: "user" } })).toMatchObject({ shared: false });
  });

  it("rejects a directive or TTL it does not know, naming the header", () => {
    expect(() => resolveCachePolicy({ ...base, directive: "no-cache" })).toThrow(/x-chorus-cache/);
    for (const bad of ["-1", "1.5", "soon"]) {
      expect(() => resolveCachePolicy({ ...base, ttlHeader: bad })).toThrow(/x-chorus-cache-ttl/);
    }
  });
});
