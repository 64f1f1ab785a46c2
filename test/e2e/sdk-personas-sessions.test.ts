import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChorusClient, type ChorusClient, type ChorusSessionChunk } from "../../packages/sdk/src/index.ts";
import { startAllFakes, type AllFakes } from "../fakes/start-all-fakes.ts";
import { serveGateway, type ServedGateway } from "./served-gateway.ts";

// The served gateway (as `npm start` runs it) driven by the project's own SDK: personas and theatre-mode sessions.
let fakes: AllFakes;
let gateway: ServedGateway;
let client: ChorusClient;

beforeAll(async () => {
  const started = await startAllFakes();
  fakes = started;
  gateway = await serveGateway({ ...started.env, LLM_PROFILES: JSON.stringify({
    defaultProfile: "compat",
    profiles: { compat: { candidates: [{ provider: "openai", model: "gpt-fake" }] }, cheap: { candidates: [{ provider: "openai", model: "gpt-fake" }] } },
  }) });
  const login = await fetch(`${gateway.url}/dev/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sub: `sdk-${crypto.randomUUID()}`, plan: "pro" }) });
  const { token } = (await login.json()) as { token: string };
  client = createChorusClient({ baseURL: gateway.url, token });
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([fakes?.openai, fakes?.anthropic, fakes?.google].map((fake) => fake?.close()));
});

describe("served gateway, the Chorus SDK: personas and sessions", () => {
  it("creates, lists, updates, previews and removes a persona", async () => {
    const created = await client.personas.create({ key: "sdk-poet", name: "SDK Poet", systemPrompt: "You are a poet.", tags: ["verse"] });
    expect(created.ref).toBe("user:sdk-poet");
    expect((await client.personas.list({ tag: "verse" })).map((persona) => persona.ref)).toContain("user:sdk-poet");
    expect((await client.personas.update("user:sdk-poet", { voice: "Warm." })).voice).toBe("Warm.");
    const preview = await client.personas.preview("user:sdk-poet", { message: "the sea" });
    expect(preview.choices[0]?.message.content).toBe("Echo: the sea");
    const card = await client.personas.exportCard("user:sdk-poet");
    expect(card.spec).toBe("chara_card_v2");
    await client.personas.remove("user:sdk-poet");
    await expect(client.personas.get("user:sdk-poet")).rejects.toMatchObject({ status: 404, code: "persona_not_found" });
  });

  it("runs a theatre session: two personas take turns, streamed with persona and message id on every chunk", async () => {
    const session = await client.sessions.create({ title: "SDK theatre", participants: ["writer", "developer"], persona: "writer" });
    const stored = await client.sessions.send(session.id, { content: "Plan a blog." });
    expect(stored.map((message) => [message.role, message.persona])).toEqual([["user", null], ["assistant", "writer"]]);

    const chunks: ChorusSessionChunk[] = [];
    for await (const chunk of client.sessions.stream(session.id, { content: "And the code?", turns: ["developer", "writer"] })) chunks.push(chunk);
    const speakers = [...new Set(chunks.map((chunk) => chunk.persona))];
    expect(speakers).toEqual(["developer", "writer"]);
    expect(chunks.every((chunk) => typeof chunk.message_id === "string" && chunk.message_id.length > 0)).toBe(true);

    const thread = await client.sessions.get(session.id);
    expect(thread.messages.map((message) => message.persona)).toEqual([null, "writer", null, "developer", "writer"]);
    await expect(client.sessions.send(session.id, { content: "hi", persona: "maestro" })).rejects.toMatchObject({ status: 400, code: "persona_not_in_session" });
  });
});
