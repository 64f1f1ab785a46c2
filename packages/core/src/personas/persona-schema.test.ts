import { describe, expect, it } from "vitest";
import { parsePersonaRef, personaRefFor } from "./persona-ref.ts";
import { PERSONA_LIMITS, personaInputSchema, personaPatchSchema, personaReplaceSchema } from "./persona-schema.ts";
import { slugPersonaKey } from "./slug-persona-key.ts";

function firstIssuePath(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string | undefined {
  return result.error?.issues[0]?.path.map(String).join(".");
}

describe("personaInputSchema", () => {
  it("fills every absent field with its default", () => {
    expect(personaInputSchema.parse({ key: "a", name: "A" })).toEqual({
      key: "a", name: "A", role: "", avatar: null, systemPrompt: "", context: "", voice: "",
      knowledge: [], constraints: [], sampleQueries: [], tags: [], tools: [], profile: null, visibility: "private",
    });
  });

  it.each([
    ["key", { key: "-starts-with-dash" }],
    ["key", { key: "UPPER" }],
    ["key", { key: "a".repeat(65) }],
    ["systemPrompt", { systemPrompt: "x".repeat(PERSONA_LIMITS.textChars + 1) }],
    ["context", { context: "x".repeat(PERSONA_LIMITS.textChars + 1) }],
    ["tags", { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }],
    ["constraints.0", { constraints: ["x".repeat(501)] }],
    ["avatar", { avatar: "javascript:alert(1)" }],
    ["visibility", { visibility: "public" }],
  ])("refuses a bad %s", (path, fields) => {
    expect(firstIssuePath(personaInputSchema.safeParse({ key: "ok", name: "Ok", ...fields }))).toBe(path);
  });

  it("accepts every bound at its limit", () => {
    const full = Array.from({ length: 50 }, () => "x".repeat(500));
    expect(personaInputSchema.safeParse({ key: "a".repeat(64), name: "A", context: "x".repeat(20_000), tags: full }).success).toBe(true);
  });

  it("bounds the whole persona at 64 KiB of JSON, counted in UTF-8 bytes", () => {
    // 20,000 characters each, every one 3 bytes in UTF-8: each field is in bounds, the whole is not.
    const result = personaInputSchema.safeParse({ key: "big", name: "Big", systemPrompt: "€".repeat(20_000), context: "€".repeat(2_000) });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([]);
    expect(result.error?.issues[0]?.message).toMatch(/at most 65536/);
  });

  it("replace leaves the key optional; patch sets no defaults", () => {
    expect(personaReplaceSchema.parse({ name: "A" }).key).toBeUndefined();
    expect(personaPatchSchema.parse({ tags: ["x"] })).toEqual({ tags: ["x"] });
    expect(firstIssuePath(personaPatchSchema.safeParse({ ref: "x" }))).toBe("");
  });
});

describe("persona refs", () => {
  it("parses the three forms and nothing else", () => {
    expect(parsePersonaRef("writer")).toEqual({ kind: "system", key: "writer" });
    expect(parsePersonaRef("user:my-bot")).toEqual({ kind: "user", key: "my-bot" });
    expect(parsePersonaRef("ws:0b9a3a7e-1111-4c3e-9d1e-000000000001")).toEqual({ kind: "workspace", id: "0b9a3a7e-1111-4c3e-9d1e-000000000001" });
    for (const bad of ["", "User:x", "user:", "user:Bad", "ws:", "ws:a/b", "team:x", "-x"]) expect(parsePersonaRef(bad), bad).toBeUndefined();
  });

  it("names a persona relative to its viewer", () => {
    expect(personaRefFor({ id: "i", key: "writer", ownerId: null }, "u")).toEqual({ ref: "writer", source: "system" });
    expect(personaRefFor({ id: "i", key: "bot", ownerId: "u" }, "u")).toEqual({ ref: "user:bot", source: "user" });
    expect(personaRefFor({ id: "i", key: "bot", ownerId: "v" }, "u")).toEqual({ ref: "ws:i", source: "workspace" });
  });
});

describe("slugPersonaKey", () => {
  it.each([
    ["Seraphina Moonwhisper", "seraphina-moonwhisper"],
    ["  Dr. Émile Zola!! ", "dr-emile-zola"],
    ["R2-D2", "r2-d2"],
    ["a".repeat(80), "a".repeat(64)],
    [`${"a".repeat(63)} b`, "a".repeat(63)],
    ["東京", undefined],
    ["---", undefined],
  ])("%j -> %j", (name, slug) => {
    expect(slugPersonaKey(name)).toBe(slug);
  });
});
