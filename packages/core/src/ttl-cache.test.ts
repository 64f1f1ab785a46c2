import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache.ts";

function cache(options: { ttlMs?: number; maxEntries?: number } = {}) {
  let now = 1_000;
  const store = new TtlCache<string>({ ttlMs: options.ttlMs ?? 100, maxEntries: options.maxEntries ?? 3, now: () => now, name: "test" });
  return { store, advance: (ms: number) => (now += ms) };
}

describe("TtlCache", () => {
  it("serves an entry until its time is up, then forgets it", () => {
    const { store, advance } = cache();
    store.set("a", "1");
    advance(99);
    expect(store.get("a")).toBe("1");
    advance(1);
    expect(store.get("a")).toBeUndefined();
  });

  it("drops the oldest entry at the bound; setting again refreshes an entry's place", () => {
    const { store } = cache({ maxEntries: 2 });
    store.set("a", "1");
    store.set("b", "2");
    store.set("a", "1'");
    store.set("c", "3");
    expect([store.get("a"), store.get("b"), store.get("c")]).toEqual(["1'", undefined, "3"]);
  });

  it("keeps nothing with a TTL of 0", () => {
    const { store } = cache({ ttlMs: 0 });
    store.set("a", "1");
    expect(store.get("a")).toBeUndefined();
  });

  it("deletes by key and by value", () => {
    const { store } = cache();
    store.set("a", "x");
    store.set("b", "y");
    store.set("c", "x");
    store.deleteWhere((value) => value === "x");
    store.delete("b");
    expect([store.get("a"), store.get("b"), store.get("c")]).toEqual([undefined, undefined, undefined]);
  });

  it("refuses bad options with the cache's name", () => {
    expect(() => new TtlCache({ ttlMs: -1, maxEntries: 1, name: "KeyCache" })).toThrow("KeyCache: ttlMs must be a whole number >= 0");
  });
});
