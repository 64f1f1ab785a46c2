import { describe, expect, it } from "vitest";
import { chooseSplitVersion } from "./choose-split-version.ts";

const users = Array.from({ length: 2000 }, (_, index) => `user-${index}`);

describe("chooseSplitVersion", () => {
  it("gives the same user the same version every time", () => {
    for (const user of users.slice(0, 50)) {
      const first = chooseSplitVersion({ "3": 50, "4": 50 }, user, "summarize");
      for (let again = 0; again < 5; again++) expect(chooseSplitVersion({ "3": 50, "4": 50 }, user, "summarize")).toBe(first);
    }
  });

  it("spreads many users over the versions by their weights", () => {
    const counts = new Map<number, number>();
    for (const user of users) {
      const version = chooseSplitVersion({ "3": 90, "4": 10 }, user, "summarize");
      counts.set(version, (counts.get(version) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([3, 4]);
    expect(counts.get(4)! / users.length).toBeGreaterThan(0.06);
    expect(counts.get(4)! / users.length).toBeLessThan(0.14);
  });

  it("picks per template: one user may see different versions of two templates", () => {
    const split = { "1": 50, "2": 50 };
    const differs = users.some((user) => chooseSplitVersion(split, user, "a") !== chooseSplitVersion(split, user, "b"));
    expect(differs).toBe(true);
  });

  it("always answers a single-version split with that version", () => {
    expect(users.slice(0, 100).every((user) => chooseSplitVersion({ "7": 1 }, user, "x") === 7)).toBe(true);
  });
});
