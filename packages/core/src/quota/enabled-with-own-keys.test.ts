import { describe, expect, it } from "vitest";
import { enabledWithOwnKeys } from "./enabled-with-own-keys.ts";

describe("enabledWithOwnKeys", () => {
  it("adds the providers the user holds a key for, in catalogue order", () => {
    expect(enabledWithOwnKeys(["openai"], [])).toEqual(["openai"]);
    expect(enabledWithOwnKeys(["google"], ["openai"])).toEqual(["openai", "google"]);
  });
});
