import { describe, expect, it } from "vitest";
import { readChorusMeta } from "./read-chorus-meta.ts";

describe("readChorusMeta", () => {
  it("reads absent headers (not exposed by CORS, or not an AI answer) as unknown, no fallback, not degraded", () => {
    expect(readChorusMeta(new Headers())).toEqual({
      requestId: undefined,
      provider: undefined,
      model: undefined,
      profile: undefined,
      attempts: undefined,
      fallback: [],
      cache: undefined,
      route: undefined,
      degraded: false,
    });
  });

  it("parses fallback entries loosely: spaces, empty entries, a reason with a colon, no reason", () => {
    const headers = new Headers({ "x-chorus-fallback": " openai:503 , ,anthropic:error:overloaded,groq" });

    expect(readChorusMeta(headers).fallback).toEqual([
      { provider: "openai", reason: "503" },
      { provider: "anthropic", reason: "error:overloaded" },
      { provider: "groq", reason: "" },
    ]);
  });

  it("drops values it cannot read rather than guessing", () => {
    const headers = new Headers({ "x-chorus-attempts": "two", "x-chorus-cache": "warm", "x-chorus-degraded": "yes" });

    expect(readChorusMeta(headers)).toMatchObject({ attempts: undefined, cache: undefined, degraded: false });
  });

  it("reads every cache status of the contract", () => {
    for (const cache of ["hit", "semantic-hit", "miss", "bypass"]) {
      expect(readChorusMeta(new Headers({ "x-chorus-cache": cache })).cache).toBe(cache);
    }
  });
});
