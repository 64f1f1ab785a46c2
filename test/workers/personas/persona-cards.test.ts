import { describe, expect, it } from "vitest";
import { createPersonaAs, expectError, newKey, newPersonaUser, newWorkspace, request, type PersonaBody } from "./persona-helpers.ts";

function card(spec: "chara_card_v2" | "chara_card_v3", name: string, extra: Record<string, unknown> = {}) {
  return {
    spec,
    spec_version: spec === "chara_card_v2" ? "2.0" : "3.0",
    data: {
      name,
      description: "A poet from Seville.",
      personality: "Passionate and dramatic.",
      scenario: "A late night in a tablao.",
      first_mes: "¡Olé!",
      mes_example: "{{char}}: Welcome, stranger of the night!",
      creator_notes: "",
      system_prompt: "You are the Flamenco Poet.",
      post_history_instructions: "Always rhyme.\nNever break character.",
      alternate_greetings: ["What shall we sing tonight?"],
      tags: ["poetry", "spanish"],
      creator: "someone",
      character_version: "1",
      extensions: {},
      ...extra,
    },
  };
}

describe("POST /v1/personas/import", () => {
  it("imports a V2 card with the contract's mapping, keyed by the slugged name", async () => {
    const user = newPersonaUser("importer");
    const res = await request(user, "POST", "/v1/personas/import", card("chara_card_v2", "Flamenco Poet"));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      ref: "user:flamenco-poet",
      key: "flamenco-poet",
      source: "user",
      visibility: "private",
      name: "Flamenco Poet",
      systemPrompt: "You are the Flamenco Poet.",
      context: "A poet from Seville.\n\nA late night in a tablao.",
      voice: "Passionate and dramatic.\n\n{{char}}: Welcome, stranger of the night!",
      constraints: ["Always rhyme.", "Never break character."],
      sampleQueries: ["What shall we sing tonight?"],
      tags: ["poetry", "spanish"],
    });
    // Imported again under the same name: the key is taken.
    await expectError(await request(user, "POST", "/v1/personas/import", card("chara_card_v2", "Flamenco Poet")), 409, "persona_exists", "key");
  });

  it("imports a V3 card (assets, nickname and all) under the key given in ?key=", async () => {
    const user = newPersonaUser("importer");
    const v3 = card("chara_card_v3", "Flamenco Poet", {
      nickname: "Poet", group_only_greetings: [], assets: [{ type: "icon", uri: "ccdefault:", name: "main", ext: "png" }], creation_date: 1700000000,
    });
    const res = await request(user, "POST", "/v1/personas/import?key=poet-v3", v3);
    expect(res.status).toBe(201);
    const persona = (await res.json()) as PersonaBody;
    expect(persona).toMatchObject({ ref: "user:poet-v3", name: "Flamenco Poet", context: "A poet from Seville.\n\nA late night in a tablao." });
  });

  it("refuses what it cannot import, naming the field", async () => {
    const user = newPersonaUser("importer");
    await expectError(await request(user, "POST", "/v1/personas/import", { name: "V1 card", description: "x" }), 400, "invalid_request", "spec");
    await expectError(await request(user, "POST", "/v1/personas/import", { spec: "chara_card_v2", data: { name: "" } }), 400, "invalid_request", "data.name");
    await expectError(await request(user, "POST", "/v1/personas/import", card("chara_card_v2", "X", { tags: "poetry" })), 400, "invalid_request", "data.tags");
    await expectError(await request(user, "POST", "/v1/personas/import?key=Not%20a%20slug", card("chara_card_v2", "X")), 400, "invalid_request", "key");
    // A name with nothing to slug needs ?key=.
    await expectError(await request(user, "POST", "/v1/personas/import", card("chara_card_v2", "東京")), 400, "invalid_request", "key");
    expect((await request(user, "POST", `/v1/personas/import?key=${newKey("tokyo")}`, card("chara_card_v2", "東京"))).status).toBe(201);
    // The persona's bounds hold for imports: an over-long description makes an over-long context.
    await expectError(await request(user, "POST", `/v1/personas/import?key=${newKey()}`, card("chara_card_v2", "Long", { description: "x".repeat(20_001) })), 400, "invalid_request", "context");
  });
});

describe("GET /v1/personas/{ref}/export", () => {
  it("exports the caller's persona as a V2 card that imports back to the same persona", async () => {
    const user = newPersonaUser("exporter");
    const original = await createPersonaAs(user, {
      key: newKey("sommelier"), name: "Sommelier", role: "Wine expert", avatar: "https://example.com/s.png", systemPrompt: "You pair wines.",
      context: "A bistro in Lyon.", voice: "Calm.", knowledge: ["Burgundy"], constraints: ["Ask the budget.", "Three wines at most."],
      sampleQueries: ["What goes with duck?"], tags: ["wine"], tools: ["cellar"],
    });
    const res = await request(user, "GET", `/v1/personas/${original.ref}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${original.key}.json"`);
    const exported = (await res.json()) as { spec: string; spec_version: string; data: Record<string, unknown> };
    expect(exported).toMatchObject({
      spec: "chara_card_v2",
      spec_version: "2.0",
      data: {
        name: "Sommelier", description: "A bistro in Lyon.", personality: "Calm.", system_prompt: "You pair wines.",
        post_history_instructions: "Ask the budget.\nThree wines at most.", alternate_greetings: ["What goes with duck?"], tags: ["wine"],
        scenario: "", first_mes: "", mes_example: "", creator: "", character_version: "",
      },
    });

    const other = newPersonaUser("importer");
    // The key comes from ?key= or the name (as the contract says), not from the card's Chorus extension.
    const back = await request(other, "POST", `/v1/personas/import?key=${original.key}`, exported);
    expect(back.status).toBe(201);
    const strip = ({ id: _i, ref: _r, createdAt: _c, updatedAt: _u, ...rest }: PersonaBody) => rest;
    expect(strip((await back.json()) as PersonaBody)).toEqual(strip(original));
  });

  it("exports system personas and personas shared with the caller's workspace", async () => {
    const workspace = newWorkspace();
    const user = newPersonaUser("exporter", workspace);
    const system = await request(user, "GET", "/v1/personas/trip-planner/export");
    expect(system.status).toBe(200);
    expect(((await system.json()) as { data: { name: string; system_prompt: string } }).data).toMatchObject({ name: "Trip Planner" });
    const shared = await createPersonaAs(newPersonaUser("colleague", workspace), { key: newKey(), name: "Shared", visibility: "workspace" });
    expect((await request(user, "GET", `/v1/personas/ws:${shared.id}/export`)).status).toBe(200);
    await expectError(await request(user, "GET", "/v1/personas/user:nope/export"), 404, "persona_not_found");
  });
});
