import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.ts";

describe("canonicalJson", () => {
  it("sorts keys at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it("gives the same text for the same value in another key order", () => {
    expect(canonicalJson({ x: 1, y: { p: "q", o: [1, 2] } })).toBe(canonicalJson({ y: { o: [1, 2], p: "q" }, x: 1 }));
  });

  it("drops undefined members like JSON.stringify, keeps array positions", () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });
});

describe("canonicalJson on any body a client can send", () => {
  it("writes what JSON.stringify writes, keys sorted", () => {
    const value = { z: [1, "two", null, true, { y: -0.5, x: "é\n\"" }], a: {}, m: [], "": 0 };
    expect(canonicalJson(value)).toBe('{"":0,"a":{},"m":[],"z":[1,"two",null,true,{"x":"é\\n\\"","y":-0.5}]}');
    expect(canonicalJson("text")).toBe('"text"');
    expect(canonicalJson(3)).toBe("3");
  });

  it("serialises nesting far past the call stack (200,000 levels)", () => {
    const depth = 200_000;
    const deep: unknown = JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`);
    expect(canonicalJson(deep)).toBe(`${"[".repeat(depth)}${"]".repeat(depth)}`);
  });
});
