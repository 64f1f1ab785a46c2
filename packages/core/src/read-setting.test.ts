import { describe, expect, it } from "vitest";
import { readSetting } from "./read-setting.ts";

interface Env {
  DB: { prepare(query: string): unknown };
  API_KEY?: string;
  BASE_URL?: string;
}

describe("readSetting", () => {
  it("reads a variable trimmed, and an unset or blank one as undefined", () => {
    const env: Env = { DB: { prepare: () => undefined }, API_KEY: "  sk-1  ", BASE_URL: " \t" };
    expect(readSetting(env, "API_KEY")).toBe("sk-1");
    expect(readSetting(env, "BASE_URL")).toBeUndefined();
    const unset: Env = { DB: env.DB };
    expect(readSetting(unset, "API_KEY")).toBeUndefined();
  });

  it("takes only names the environment declares as variables", () => {
    const env: Env = { DB: { prepare: () => undefined } };
    // @ts-expect-error a resource is not a variable
    expect(readSetting(env, "DB")).toBeUndefined();
    // @ts-expect-error an undeclared name
    expect(readSetting(env, "API_KEYS")).toBeUndefined();
  });
});
