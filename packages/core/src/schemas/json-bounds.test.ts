import { describe, expect, it } from "vitest";
import { JSON_BOUNDS, jsonBoundsProblem } from "./json-bounds.ts";

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { type: "string" };
  for (let level = 1; level < depth; level += 1) value = { wrap: value };
  return value;
}

/** Each definition uses the next twice: `levels` lines of JSON that inline to 2^levels nodes. */
function doubling(levels: number): Record<string, unknown> {
  const $defs: Record<string, unknown> = { [`d${levels}`]: { type: "string" } };
  for (let level = levels - 1; level >= 0; level -= 1) {
    $defs[`d${level}`] = { type: "object", properties: { a: { $ref: `#/$defs/d${level + 1}` }, b: { $ref: `#/$defs/d${level + 1}` } } };
  }
  return { $ref: "#/$defs/d0", $defs };
}

describe("jsonBoundsProblem", () => {
  it("accepts values up to the depth limit and refuses one level more", () => {
    expect(jsonBoundsProblem(nested(JSON_BOUNDS.maxDepth))).toBeUndefined();
    expect(jsonBoundsProblem(nested(JSON_BOUNDS.maxDepth + 1))).toBe("nests deeper than 64 levels");
  });

  it("measures arrays as levels too", () => {
    const deep = JSON.parse(`${"[".repeat(65)}${"]".repeat(65)}`) as unknown;
    expect(jsonBoundsProblem(deep)).toBe("nests deeper than 64 levels");
  });

  it("refuses a value nested far past the stack without overflowing it", () => {
    expect(jsonBoundsProblem(nested(200_000))).toBe("nests deeper than 64 levels");
  });

  it("refuses more values than the budget, however flat", () => {
    const wide = Object.fromEntries(Array.from({ length: JSON_BOUNDS.maxNodes }, (_, index) => [`p${index}`, index]));
    expect(jsonBoundsProblem(wide)).toMatch(/^is too large: more than 10000 values/);
    // 1 array + 4,999 objects of one value each: 9,999 values.
    expect(jsonBoundsProblem(Array.from({ length: 4_999 }, () => ({ type: "string" })))).toBeUndefined();
  });

  it("counts $refs inlined, so a few lines of $defs cannot expand exponentially", () => {
    expect(jsonBoundsProblem(doubling(5))).toBeUndefined();
    const wide = doubling(15);
    expect(JSON.stringify(wide).length).toBeLessThan(2_000);
    expect(jsonBoundsProblem(wide)).toMatch(/^is too large/);
    // Deeper chains cross the depth bound first; either way the walk stops early.
    expect(jsonBoundsProblem(doubling(40))).toBe("nests deeper than 64 levels");
  });

  it("follows a recursive $ref once per path, as the adapters do", () => {
    const tree = {
      $defs: { node: { type: "object", properties: { value: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/node" } } } } },
      $ref: "#/$defs/node",
    };
    expect(jsonBoundsProblem(tree)).toBeUndefined();
    expect(jsonBoundsProblem({ $ref: "#" })).toBeUndefined();
  });

  it("counts each $ref followed as a level, so a chain of them is bounded too", () => {
    const $defs = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`d${index}`, { $ref: `#/$defs/d${index + 1}` }]));
    expect(jsonBoundsProblem({ $ref: "#/$defs/d0", $defs })).toBe("nests deeper than 64 levels");
  });

  it("ignores refs it cannot resolve and scalars", () => {
    expect(jsonBoundsProblem({ $ref: "#/$defs/missing" })).toBeUndefined();
    expect(jsonBoundsProblem({ $ref: "https://example.com/schema.json" })).toBeUndefined();
    expect(jsonBoundsProblem("text")).toBeUndefined();
  });
});
