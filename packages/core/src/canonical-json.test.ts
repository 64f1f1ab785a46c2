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
