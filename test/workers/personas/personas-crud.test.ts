import { describe, expect, it } from "vitest";
import {
  createPersonaAs, expectError, listAs, newKey, newPersonaUser, newWorkspace, request, SYSTEM_KEYS, type PersonaBody,
} from "./persona-helpers.ts";

describe("persona CRUD for the owner", () => {
  it("creates, reads, replaces, merges and deletes a persona by its user: ref", async () => {
    const user = newPersonaUser("owner");
    const key = newKey("sommelier");
    const created = await createPersonaAs(user, {
      key, name: "Sommelier", role: "Wine expert", systemPrompt: "You recommend wines.", tags: ["wine"], constraints: ["Ask the budget first."],
    });
    expect(created).toMatchObject({
      ref: `user:${key}`, key, source: "user", name: "Sommelier", role: "Wine expert", avatar: null, systemPrompt: "You recommend wines.",
      context: "", voice: "", knowledge: [], constraints: ["Ask the budget first."], sampleQueries: [], tags: ["wine"], tools: [],
      profile: null, visibility: "private",
    });
    expect(Date.parse(created.createdAt)).not.toBeNaN();

    const read = await request(user, "GET", `/v1/personas/user:${key}`);
    expect(await read.json()).toEqual(created);
    // The ref's colon may also arrive percent-encoded.
    expect((await request(user, "GET", `/v1/personas/user%3A${key}`)).status).toBe(200);

    const replaced = await request(user, "PUT", `/v1/personas/user:${key}`, { name: "Sommelier II", context: "A bistro in Lyon." });
    expect(replaced.status).toBe(200);
    // PUT replaces: the fields left out are back at their defaults.
    expect(await replaced.json()).toMatchObject({ ref: `user:${key}`, name: "Sommelier II", context: "A bistro in Lyon.", role: "", systemPrompt: "", tags: [], constraints: [] });

    const merged = await request(user, "PATCH", `/v1/personas/user:${key}`, { voice: "Calm.", tags: ["wine", "food"] });
    expect(merged.status).toBe(200);
    // PATCH merges: what it does not name stays.
    const mergedBody = (await merged.json()) as PersonaBody;
    expect(mergedBody).toMatchObject({ name: "Sommelier II", context: "A bistro in Lyon.", voice: "Calm.", tags: ["wine", "food"] });
    expect(mergedBody.createdAt).toBe(created.createdAt);

    expect((await request(user, "DELETE", `/v1/personas/user:${key}`)).status).toBe(204);
    await expectError(await request(user, "GET", `/v1/personas/user:${key}`), 404, "persona_not_found");
    await expectError(await request(user, "DELETE", `/v1/personas/user:${key}`), 404, "persona_not_found");
  });

  it("a duplicate key is 409 persona_exists; the same key is free for another user", async () => {
    const [a, b] = [newPersonaUser("a"), newPersonaUser("b")];
    const key = newKey();
    await createPersonaAs(a, { key });
    await expectError(await request(a, "POST", "/v1/personas", { key, name: "Again" }), 409, "persona_exists", "key");
    expect((await createPersonaAs(b, { key })).ref).toBe(`user:${key}`);
    // A user may also take a system persona's key: theirs is user:writer, the system's stays writer.
    expect((await createPersonaAs(a, { key: "writer", name: "My writer" })).ref).toBe("user:writer");
    expect(((await (await request(a, "GET", "/v1/personas/writer")).json()) as PersonaBody).source).toBe("system");
  });

  it("the key cannot be changed by PUT or PATCH", async () => {
    const user = newPersonaUser("owner");
    const key = newKey();
    await createPersonaAs(user, { key });
    await expectError(await request(user, "PUT", `/v1/personas/user:${key}`, { key: "other", name: "X" }), 400, "invalid_request", "key");
    await expectError(await request(user, "PATCH", `/v1/personas/user:${key}`, { key: "other" }), 400, "invalid_request", "key");
    expect((await request(user, "PATCH", `/v1/personas/user:${key}`, { key, name: "Same key" })).status).toBe(200);
  });

  it("a profile must be one of the gateway's profiles", async () => {
    const user = newPersonaUser("owner");
    const key = newKey();
    await expectError(await request(user, "POST", "/v1/personas", { key, name: "X", profile: "no-such-profile" }), 400, "invalid_request", "profile");
    expect((await createPersonaAs(user, { key, profile: "fast" })).profile).toBe("fast");
    await expectError(await request(user, "PATCH", `/v1/personas/user:${key}`, { profile: "nope" }), 400, "invalid_request", "profile");
    expect(((await (await request(user, "PATCH", `/v1/personas/user:${key}`, { profile: null })).json()) as PersonaBody).profile).toBeNull();
  });

  it("refs that cannot exist are 404, never 400 or 500", async () => {
    const user = newPersonaUser("owner");
    for (const ref of ["nope", "user:nope", "ws:00000000-0000-0000-0000-000000000000", "User:Bad", "ws:a.b", "team:x", "-x"]) {
      await expectError(await request(user, "GET", `/v1/personas/${ref}`), 404, "persona_not_found");
      await expectError(await request(user, "PATCH", `/v1/personas/${ref}`, { name: "x" }), 404, "persona_not_found");
      await expectError(await request(user, "DELETE", `/v1/personas/${ref}`), 404, "persona_not_found");
    }
  });

  it("needs a credential", async () => {
    await expectError(await request(null, "GET", "/v1/personas"), 401, "auth_required");
    await expectError(await request(null, "POST", "/v1/personas/import", {}), 401, "auth_required");
  });
});

describe("persona validation names the field in param", () => {
  const user = newPersonaUser("validator");
  const long = (n: number) => "x".repeat(n);
  const list = (n: number) => Array.from({ length: n }, (_, i) => `entry ${i}`);

  it.each([
    ["key", { key: "Not A Slug" }],
    ["key", { key: "-leading-dash" }],
    ["key", { key: long(65) }],
    ["key", { key: undefined }],
    ["name", { name: "" }],
    ["name", { name: long(101) }],
    ["role", { role: long(501) }],
    ["avatar", { avatar: "javascript:alert(1)" }],
    ["systemPrompt", { systemPrompt: long(20_001) }],
    ["context", { context: long(20_001) }],
    ["voice", { voice: long(20_001) }],
    ["knowledge", { knowledge: list(51) }],
    ["constraints", { constraints: list(51) }],
    ["sampleQueries", { sampleQueries: list(51) }],
    ["tags", { tags: list(51) }],
    ["tools", { tools: list(51) }],
    ["knowledge[3]", { knowledge: ["a", "b", "c", long(501)] }],
    ["constraints[0]", { constraints: [long(501)] }],
    ["sampleQueries[1]", { sampleQueries: ["ok", long(501)] }],
    ["tags[0]", { tags: [long(501)] }],
    ["tools[0]", { tools: [""] }],
    ["tags", { tags: "wine" }],
    ["visibility", { visibility: "public" }],
    ["profile", { profile: 42 }],
  ])("POST: bad %s", async (param, fields) => {
    const res = await request(user, "POST", "/v1/personas", { key: newKey(), name: "Bounds", ...fields });
    const error = await expectError(res, 400, "invalid_request", param);
    expect(error.type).toBe("invalid_request_error");
    expect(error.message).toContain(`'${param}'`);
  });

  it("every bound holds exactly at its limit", async () => {
    const full = Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(500, "x"));
    const res = await request(user, "POST", "/v1/personas", {
      key: long(64), name: long(100), role: long(500), systemPrompt: long(20_000), tags: full,
    });
    expect(res.status, (await res.clone().text()).slice(0, 300)).toBe(201);
  });

  it("the whole persona is at most 64 KiB, even when every field is in bounds (param null: no one field is at fault)", async () => {
    const full = Array.from({ length: 50 }, () => long(500));
    const fields = { systemPrompt: long(20_000), context: long(20_000), voice: long(20_000), knowledge: full };
    const error = await expectError(await request(user, "POST", "/v1/personas", { key: newKey(), name: "Big", ...fields }), 400, "invalid_request", null);
    expect(error.message).toMatch(/at most 65536/);
    // A patch that pushes a stored persona past the bound is refused the same way, and changes nothing.
    const key = newKey();
    await createPersonaAs(user, { key, systemPrompt: long(20_000), context: long(20_000), voice: long(20_000) });
    await expectError(await request(user, "PATCH", `/v1/personas/user:${key}`, { knowledge: full }), 400, "invalid_request", null);
    expect(((await (await request(user, "GET", `/v1/personas/user:${key}`)).json()) as PersonaBody).knowledge).toEqual([]);
  });

  it("unknown and read-only fields are refused, not ignored", async () => {
    const res = await request(user, "POST", "/v1/personas", { key: newKey(), name: "X", ownerId: "someone-else" });
    expect((await expectError(res, 400, "invalid_request")).message).toMatch(/ownerId/);
    await expectError(await request(user, "POST", "/v1/personas", { key: newKey(), name: "X", source: "system" }), 400, "invalid_request");
  });

  it("PUT and PATCH check the same bounds", async () => {
    const key = newKey();
    await createPersonaAs(user, { key });
    await expectError(await request(user, "PUT", `/v1/personas/user:${key}`, { name: "X", context: long(20_001) }), 400, "invalid_request", "context");
    await expectError(await request(user, "PUT", `/v1/personas/user:${key}`, { context: "no name" }), 400, "invalid_request", "name");
    await expectError(await request(user, "PATCH", `/v1/personas/user:${key}`, { tags: list(51) }), 400, "invalid_request", "tags");
    await expectError(await request(user, "PATCH", `/v1/personas/user:${key}`, { name: "" }), 400, "invalid_request", "name");
  });

  it("a body that is not JSON is 400 invalid_json", async () => {
    await expectError(await request(user, "POST", "/v1/personas", "{not json"), 400, "invalid_json");
  });
});

describe("listing", () => {
  it("system personas first, then the caller's own, then those shared with their workspace, by key within each", async () => {
    const workspace = newWorkspace();
    const [me, colleague] = [newPersonaUser("me", workspace), newPersonaUser("colleague", workspace)];
    const shared = await createPersonaAs(colleague, { key: "aaa-shared", visibility: "workspace" });
    await createPersonaAs(colleague, { key: "aaa-private" });
    await createPersonaAs(me, { key: "zzz-mine" });
    await createPersonaAs(me, { key: "bbb-mine" });

    const listed = await listAs(me);
    const sources = listed.map((persona) => persona.source);
    expect(sources).toEqual([...sources].sort((x, y) => ["system", "user", "workspace"].indexOf(x) - ["system", "user", "workspace"].indexOf(y)));
    const system = listed.filter((persona) => persona.source === "system").map((persona) => persona.key);
    expect(system).toEqual([...system].sort());
    expect(system).toEqual(expect.arrayContaining(SYSTEM_KEYS));
    expect(listed.filter((persona) => persona.source !== "system").map((persona) => persona.ref)).toEqual(["user:bbb-mine", "user:zzz-mine", `ws:${shared.id}`]);
  });

  it("filters by tag (whole tag, any case) and by q (name, key, role or tag)", async () => {
    const user = newPersonaUser("filter");
    const marker = crypto.randomUUID().slice(0, 8);
    await createPersonaAs(user, { key: newKey("a"), name: `Alpha ${marker}`, tags: ["Cooking", `t-${marker}`] });
    await createPersonaAs(user, { key: newKey("b"), name: "Beta", role: `Baker ${marker}`, tags: ["baking"] });
    await createPersonaAs(user, { key: newKey("c"), name: "Gamma 100% _sure_", tags: [`t-${marker}x`] });

    expect((await listAs(user, `?tag=t-${marker}`)).map((persona) => persona.name)).toEqual([`Alpha ${marker}`]);
    expect((await listAs(user, "?tag=cooking")).map((persona) => persona.name)).toEqual([`Alpha ${marker}`]);
    expect((await listAs(user, `?q=${marker}`)).map((persona) => persona.name).sort()).toEqual([`Alpha ${marker}`, "Beta", "Gamma 100% _sure_"]);
    expect((await listAs(user, `?q=${marker.toUpperCase()}&tag=baking`)).map((persona) => persona.name)).toEqual(["Beta"]);
    // LIKE wildcards in q are literal text.
    expect((await listAs(user, `?q=${encodeURIComponent("100%")}`)).map((persona) => persona.name)).toEqual(["Gamma 100% _sure_"]);
    expect((await listAs(user, "?q=%25%25%25")).length).toBe(0);
    // Filters apply to system personas too.
    expect((await listAs(user, "?tag=code")).map((persona) => persona.ref)).toEqual(["developer"]);
    await expectError(await request(user, "GET", `/v1/personas?q=${"x".repeat(501)}`), 400, "invalid_request", "q");
  });
});
