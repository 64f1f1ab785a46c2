import { describe, expect, it } from "vitest";
import { CacheCounters } from "./cache-counters.ts";

describe("CacheCounters", () => {
  it("counts outcomes per profile and provider with a hit rate", () => {
    const counters = new CacheCounters();
    counters.record("miss", { profile: "fast", provider: "openai" });
    counters.record("hit", { profile: "fast", provider: "openai" });
    counters.record("semantic-hit", { profile: "fast", provider: "openai" });
    counters.record("hit", { profile: "cheap", provider: "google" });
    const snapshot = counters.snapshot();
    expect(snapshot.profiles.fast).toEqual({ hits: 1, semanticHits: 1, misses: 1, hitRate: 2 / 3 });
    expect(snapshot.providers.google).toEqual({ hits: 1, semanticHits: 0, misses: 0, hitRate: 1 });
    expect(snapshot.providers.anthropic).toBeUndefined();
  });

  it("hands out copies", () => {
    const counters = new CacheCounters();
    counters.record("miss", { profile: "p", provider: "demo" });
    const before = counters.snapshot();
    counters.record("hit", { profile: "p", provider: "demo" });
    expect(before.profiles.p?.hits).toBe(0);
  });
});
