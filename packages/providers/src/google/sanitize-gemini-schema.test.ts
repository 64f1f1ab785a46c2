import { describe, expect, it } from "vitest";
import { sanitizeGeminiSchema } from "./sanitize-gemini-schema.ts";

describe("sanitizeGeminiSchema", () => {
  it("drops the keywords Gemini rejects and keeps the shape", () => {
    expect(sanitizeGeminiSchema({
      $schema: "http://json-schema.org/draft-07/schema#", $id: "urn:x", title: "Trip", strict: true,
      type: "object", additionalProperties: false, default: {}, examples: [{}],
      properties: { city: { type: "string", title: "City", description: "Where", default: "Oslo" }, days: { type: "integer", minimum: 1 } },
      required: ["city", "days"],
    })).toEqual({
      type: "object",
      properties: { city: { type: "string", description: "Where" }, days: { type: "integer", minimum: 1 } },
      required: ["city", "days"],
    });
  });

  it("turns nullable type arrays and anyOf-with-null into nullable", () => {
    expect(sanitizeGeminiSchema({ type: ["string", "null"] })).toEqual({ type: "string", nullable: true });
    expect(sanitizeGeminiSchema({ anyOf: [{ type: "integer" }, { type: "null" }], description: "n" }))
      .toEqual({ type: "integer", nullable: true, description: "n" });
    expect(sanitizeGeminiSchema({ anyOf: [{ type: "integer" }, { type: "string" }, { type: "null" }] }))
      .toEqual({ nullable: true, anyOf: [{ type: "integer" }, { type: "string" }] });
  });

  it("turns const into a one-value enum and keeps only supported formats", () => {
    expect(sanitizeGeminiSchema({ const: "yes" })).toEqual({ type: "string", enum: ["yes"] });
    expect(sanitizeGeminiSchema({ type: "string", format: "date-time" })).toEqual({ type: "string", format: "date-time" });
    expect(sanitizeGeminiSchema({ type: "string", format: "email" })).toEqual({ type: "string" });
    expect(sanitizeGeminiSchema({ type: "string", format: "enum", enum: ["a", "b"] })).toEqual({ type: "string", format: "enum", enum: ["a", "b"] });
    expect(sanitizeGeminiSchema({ type: "integer", enum: [1, 2] })).toEqual({ type: "integer" });
  });

  it("inlines local $refs from $defs and definitions, siblings winning", () => {
    expect(sanitizeGeminiSchema({
      type: "object",
      $defs: { Place: { type: "object", properties: { name: { type: "string" } }, required: ["name"], additionalProperties: false } },
      definitions: { Tag: { type: "string", enum: ["a"] } },
      properties: { from: { $ref: "#/$defs/Place", description: "start" }, tags: { type: "array", items: { $ref: "#/definitions/Tag" } } },
    })).toEqual({
      type: "object",
      properties: {
        from: { type: "object", description: "start", properties: { name: { type: "string" } }, required: ["name"] },
        tags: { type: "array", items: { type: "string", enum: ["a"] } },
      },
    });
  });

  it("drops what cannot be inlined: recursive, remote and dangling refs", () => {
    expect(sanitizeGeminiSchema({
      type: "object",
      $defs: { Node: { type: "object", properties: { label: { type: "string" }, child: { $ref: "#/$defs/Node" } } } },
      properties: { root: { $ref: "#/$defs/Node" }, remote: { $ref: "https://x/schema" }, gone: { $ref: "#/$defs/Missing" } },
      required: ["root", "remote", "gone"],
    })).toEqual({
      type: "object",
      properties: { root: { type: "object", properties: { label: { type: "string" } } } },
      required: ["root"],
    });
  });

  it("recurses into items and nested properties", () => {
    expect(sanitizeGeminiSchema({
      type: "array", minItems: 1,
      items: { type: "object", additionalProperties: false, properties: { at: { type: ["string", "null"], format: "date-time", title: "At" } } },
    })).toEqual({ type: "array", minItems: 1, items: { type: "object", properties: { at: { type: "string", nullable: true, format: "date-time" } } } });
  });

  it("inlines a single allOf as zod and pydantic emit it", () => {
    expect(sanitizeGeminiSchema({ allOf: [{ type: "number" }], description: "price" })).toEqual({ type: "number", description: "price" });
  });
});
