import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, getSettings, updateSettings, type UserSettings } from "../../../packages/db/src/index.ts";
import { newUser, testDb } from "./db-fixtures.ts";

describe("settings", () => {
  it("are the defaults until the user saves", async () => {
    expect(await getSettings(testDb(), newUser("fresh"))).toEqual(DEFAULT_SETTINGS);
  });

  it("merge the fields given and keep the rest", async () => {
    const db = testDb();
    const user = newUser("merge");
    await updateSettings(db, user, { preferredModel: "fast", favoriteModels: ["openai/gpt-5.4", "cheap"] });
    const after = await updateSettings(db, user, { usageLimit: 100, usagePeriod: "daily", preferredModel: undefined });
    const expected: UserSettings = {
      preferredModel: "fast", favoriteModels: ["openai/gpt-5.4", "cheap"], aiEnabled: true, usageLimit: 100, usagePeriod: "daily",
    };
    expect(after).toEqual(expected);
    expect(await getSettings(db, user)).toEqual(expected);
  });

  it("can clear a field back to null", async () => {
    const db = testDb();
    const user = newUser("clear");
    await updateSettings(db, user, { preferredModel: "fast", usageLimit: 5 });
    expect(await updateSettings(db, user, { preferredModel: null, usageLimit: null, aiEnabled: false }))
      .toMatchObject({ preferredModel: null, usageLimit: null, aiEnabled: false });
  });

  it("land both of two concurrent partial updates", async () => {
    const db = testDb();
    const user = newUser("concurrent");
    await Promise.all([updateSettings(db, user, { aiEnabled: false }), updateSettings(db, user, { usageLimit: 7 })]);
    expect(await getSettings(db, user)).toMatchObject({ aiEnabled: false, usageLimit: 7 });
  });

  it("ignore keys that are not settings, such as another user's id in a request body", async () => {
    const db = testDb();
    const [a, b] = [newUser("a"), newUser("b")];
    await updateSettings(db, b, { preferredModel: "b-choice" });
    const smuggled = { preferredModel: "a-choice", userId: b } as Partial<UserSettings>;
    await updateSettings(db, a, smuggled);
    await updateSettings(db, a, smuggled);
    expect((await getSettings(db, a)).preferredModel).toBe("a-choice");
    expect((await getSettings(db, b)).preferredModel).toBe("b-choice");
  });

  it("of user B are neither read nor changed through user A's id", async () => {
    const db = testDb();
    const [a, b] = [newUser("a"), newUser("b")];
    const bSettings = await updateSettings(db, b, { preferredModel: "frontier", favoriteModels: ["b"], aiEnabled: false, usageLimit: 3 });
    expect(await getSettings(db, a)).toEqual(DEFAULT_SETTINGS);
    await updateSettings(db, a, { preferredModel: "cheap", aiEnabled: true, usageLimit: 1000, usagePeriod: "daily" });
    expect(await getSettings(db, b)).toEqual(bSettings);
  });

  it("refuse values the schema forbids", async () => {
    const db = testDb();
    await expect(updateSettings(db, newUser("bad"), { usageLimit: -1 })).rejects.toThrow();
    await expect(updateSettings(db, newUser("bad"), { usagePeriod: "weekly" as "daily" })).rejects.toThrow();
  });
});
