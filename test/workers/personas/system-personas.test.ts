import { personaInputSchema } from "@chorus/core";
import { describe, expect, it } from "vitest";
import { call } from "../gateway-client.ts";
import {
  ADMIN_TOKEN_HEADERS, expectError, listAs, newKey, newPersonaUser, request, SYSTEM_KEYS, type PersonaBody,
} from "./persona-helpers.ts";

function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return call(path, body, { method, headers: ADMIN_TOKEN_HEADERS, user: null });
}

describe("the seeded system personas", () => {
  it("all eight are there for every user, each with a real prompt, context, voice, constraints and samples", async () => {
    const system = (await listAs(newPersonaUser("reader"))).filter((persona) => persona.source === "system");
    for (const key of SYSTEM_KEYS) {
      const persona = system.find((candidate) => candidate.key === key);
      expect(persona, key).toBeDefined();
      expect(persona).toMatchObject({ ref: key, source: "system", visibility: "private", profile: null });
      // Several sentences: who it is, how it answers, what it will not do.
      expect(persona!.systemPrompt.length, key).toBeGreaterThan(500);
      expect(persona!.systemPrompt.split(/[.!?](\s|$)/).filter((sentence) => sentence.trim().length > 20).length, key).toBeGreaterThanOrEqual(4);
      expect(persona!.systemPrompt, key).toMatch(/\b(do not|never|don't)\b/i);
      expect(persona!.context.length, key).toBeGreaterThan(100);
      expect(persona!.voice.length, key).toBeGreaterThan(40);
      expect(persona!.role.length, key).toBeGreaterThan(20);
      expect(persona!.constraints.length, key).toBeGreaterThanOrEqual(3);
      expect(persona!.sampleQueries.length, key).toBeGreaterThanOrEqual(3);
      expect(persona!.tags.length, key).toBeGreaterThanOrEqual(2);
      // What the migration wrote obeys the same bounds as what users write.
      const { id: _id, ref: _ref, source: _source, createdAt: _c, updatedAt: _u, ...input } = persona!;
      expect(personaInputSchema.safeParse(input).success, key).toBe(true);
    }
    // Eight distinct prompts: none copied from another.
    expect(new Set(system.filter((persona) => SYSTEM_KEYS.includes(persona.key)).map((persona) => persona.systemPrompt)).size).toBe(8);
  });

  it("are read-only for users: 403 persona_read_only on PUT, PATCH and DELETE, and unchanged after", async () => {
    const user = newPersonaUser("user");
    const before = await (await request(user, "GET", "/v1/personas/writer")).json();
    await expectError(await request(user, "PATCH", "/v1/personas/writer", { name: "Mine now" }), 403, "persona_read_only");
    await expectError(await request(user, "PUT", "/v1/personas/writer", { name: "Mine now" }), 403, "persona_read_only");
    await expectError(await request(user, "DELETE", "/v1/personas/writer"), 403, "persona_read_only");
    // An admin's JWT on /v1 acts as that user: system personas are managed at /admin/personas only.
    await expectError(await request({ ...user, role: "admin" }, "PATCH", "/v1/personas/writer", { name: "x" }), 403, "persona_read_only");
    expect(await (await request(user, "GET", "/v1/personas/writer")).json()).toEqual(before);
  });
});

describe("/admin/personas", () => {
  it("is for admins only", async () => {
    const user = newPersonaUser("user");
    await expectError(await request(user, "GET", "/admin/personas"), 403, "forbidden");
    await expectError(await request(user, "POST", "/admin/personas", { key: newKey(), name: "x" }), 403, "forbidden");
    await expectError(await request(null, "GET", "/admin/personas"), 401, "auth_required");
  });

  it("lists the system personas only, in the /v1 shape", async () => {
    const mine = await request(newPersonaUser("user"), "POST", "/v1/personas", { key: newKey(), name: "Not system" });
    expect(mine.status).toBe(201);
    const res = await admin("GET", "/admin/personas");
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: PersonaBody[] };
    expect(data.every((persona) => persona.source === "system")).toBe(true);
    expect(data.map((persona) => persona.key)).toEqual(expect.arrayContaining(SYSTEM_KEYS));
    expect(data.map((persona) => persona.key)).toEqual([...data.map((persona) => persona.key)].sort());
  });

  it("admins create, replace, merge and delete system personas; users see each change", async () => {
    const key = newKey("sys");
    const user = newPersonaUser("user");
    const created = await admin("POST", "/admin/personas", { key, name: "Sommelier", systemPrompt: "You pair wines.", tags: ["wine"] });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ ref: key, source: "system", key, name: "Sommelier" });
    await expectError(await admin("POST", "/admin/personas", { key, name: "Again" }), 409, "persona_exists", "key");
    expect(await (await request(user, "GET", `/v1/personas/${key}`)).json()).toMatchObject({ source: "system", name: "Sommelier" });

    const replaced = await admin("PUT", `/admin/personas/${key}`, { name: "Sommelier II" });
    expect(await replaced.json()).toMatchObject({ name: "Sommelier II", systemPrompt: "", tags: [] });
    const merged = await admin("PATCH", `/admin/personas/${key}`, { voice: "Velvety." });
    expect(await merged.json()).toMatchObject({ name: "Sommelier II", voice: "Velvety." });
    expect(await (await admin("GET", `/admin/personas/${key}`)).json()).toMatchObject({ name: "Sommelier II", voice: "Velvety." });
    expect(await (await request(user, "GET", `/v1/personas/${key}`)).json()).toMatchObject({ name: "Sommelier II", voice: "Velvety." });

    expect((await admin("DELETE", `/admin/personas/${key}`)).status).toBe(204);
    await expectError(await request(user, "GET", `/v1/personas/${key}`), 404, "persona_not_found");
    await expectError(await admin("GET", `/admin/personas/${key}`), 404, "persona_not_found");
    await expectError(await admin("PATCH", `/admin/personas/${key}`, { name: "x" }), 404, "persona_not_found");
  });

  it("an admin JWT works as well as the admin token", async () => {
    const key = newKey("sys");
    const res = await request({ ...newPersonaUser("boss"), role: "admin" }, "POST", "/admin/personas", { key, name: "By JWT" });
    expect(res.status).toBe(201);
    expect((await admin("DELETE", `/admin/personas/${key}`)).status).toBe(204);
  });

  it("validates with the same schema, and system personas are never workspace-shared", async () => {
    await expectError(await admin("POST", "/admin/personas", { key: "Bad Key", name: "x" }), 400, "invalid_request", "key");
    await expectError(await admin("POST", "/admin/personas", { key: newKey(), name: "x", context: "x".repeat(20_001) }), 400, "invalid_request", "context");
    await expectError(await admin("POST", "/admin/personas", { key: newKey(), name: "x", visibility: "workspace" }), 400, "invalid_request", "visibility");
    await expectError(await admin("PATCH", "/admin/personas/writer", { visibility: "workspace" }), 400, "invalid_request", "visibility");
    await expectError(await admin("PATCH", "/admin/personas/writer", { key: "not-writer" }), 400, "invalid_request", "key");
  });

  it("a user's persona with the same key is untouched by admin writes", async () => {
    const key = newKey("both");
    const user = newPersonaUser("user");
    expect((await request(user, "POST", "/v1/personas", { key, name: "User's" })).status).toBe(201);
    expect((await admin("POST", "/admin/personas", { key, name: "System's" })).status).toBe(201);
    expect((await admin("DELETE", `/admin/personas/${key}`)).status).toBe(204);
    expect(await (await request(user, "GET", `/v1/personas/user:${key}`)).json()).toMatchObject({ name: "User's" });
  });
});
