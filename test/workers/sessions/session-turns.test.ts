import { renderPersona } from "@chorus/core";
import { describe, expect, it } from "vitest";
import { call } from "../gateway-client.ts";
import { errorOf, newSession, PERSONAS, promptsSent, send, sessionEnv, settleAll, threadOf, type MessageJson } from "./session-helpers.ts";

const post = (id: string, body: unknown, env: Record<string, string>) => send(`/v1/sessions/${id}/messages`, body, { env });
const system = (ref: string) => ["system", renderPersona(PERSONAS[ref]!)] as [string, string];

describe("session messages", () => {
  it("stores the user's message and the answer of the persona that spoke it, each message with its own", async () => {
    const { model, env } = sessionEnv();
    const session = await newSession();

    const first = await post(session.id, { content: "Tell me about the sea." }, env);
    expect(first.status).toBe(201);
    const { messages } = (await first.json()) as { messages: MessageJson[] };
    expect(messages.map(({ role, persona, content }) => [role, persona, content])).toEqual([
      ["user", null, "Tell me about the sea."],
      ["assistant", "general", "Echo: Tell me about the sea."],
    ]);
    expect(messages[1]).toMatchObject({ provider: "openai", model });
    expect(first.headers.get("x-chorus-provider")).toBe("openai");

    expect((await post(session.id, { content: "A verse, please.", persona: "user:poet" }, env)).status).toBe(201);
    const thread = await threadOf(session.id);
    expect(thread.map(({ role, persona }) => [role, persona])).toEqual([
      ["user", null], ["assistant", "general"], ["user", null], ["assistant", "user:poet"],
    ]);
    expect(thread.slice(0, 2)).toEqual(messages);
  });

  it("answers with each persona of `turns` in order, each seeing the answers just given, from its own seat", async () => {
    const { model, env } = sessionEnv();
    const session = await newSession();

    const res = await post(session.id, { content: "Tell me about the sea.", turns: ["user:poet", "user:critic"] }, env);
    expect(res.status).toBe(201);
    const { messages } = (await res.json()) as { messages: MessageJson[] };
    expect(messages.map(({ persona, content }) => [persona, content])).toEqual([
      [null, "Tell me about the sea."],
      ["user:poet", "Echo: Tell me about the sea."],
      ["user:critic", "Echo: [Flamenco Poet]: Echo: Tell me about the sea."],
    ]);

    await post(session.id, { content: "Again, shorter.", persona: "user:poet" }, env);
    const [poetFirst, criticFirst, poetAgain] = await promptsSent(model);
    expect(poetFirst).toEqual([system("user:poet"), ["user", "Tell me about the sea."]]);
    expect(criticFirst).toEqual([
      system("user:critic"),
      ["user", "Tell me about the sea."],
      ["user", "[Flamenco Poet]: Echo: Tell me about the sea."],
    ]);
    // The poet's own line is its `assistant` message; the critic's comes as a named user line.
    expect(poetAgain).toEqual([
      system("user:poet"),
      ["user", "Tell me about the sea."],
      ["assistant", "Echo: Tell me about the sea."],
      ["user", "[Critic]: Echo: [Flamenco Poet]: Echo: Tell me about the sea."],
      ["user", "Again, shorter."],
    ]);
  });

  it("refuses a speaker that is not a participant, naming the field, and stores nothing", async () => {
    const { env } = sessionEnv();
    const session = await newSession({ participants: ["general", "user:poet"] });
    const single = await post(session.id, { content: "hi", persona: "user:critic" }, env);
    expect(single.status).toBe(400);
    expect(errorOf(await single.json())).toMatchObject({ code: "persona_not_in_session", param: "persona" });
    const turns = await post(session.id, { content: "hi", turns: ["user:poet", "user:critic"] }, env);
    expect(errorOf(await turns.json())).toMatchObject({ code: "persona_not_in_session", param: "turns[1]" });
    const both = await post(session.id, { content: "hi", persona: "general", turns: ["general"] }, env);
    expect(errorOf(await both.json())).toMatchObject({ code: "invalid_request", param: "turns" });
    expect(await threadOf(session.id)).toEqual([]);
  });

  it("a persona that no longer exists is 404 persona_not_found before anything is stored", async () => {
    const { env } = sessionEnv();
    const session = await newSession();
    const res = await post(session.id, { content: "hi", turns: ["general", "user:nobody"] }, env);
    expect(res.status).toBe(404);
    expect(errorOf(await res.json())).toMatchObject({ code: "persona_not_found", param: "turns[1]" });
    expect(await threadOf(session.id)).toEqual([]);
  });

  it("ends the request with a failed turn's error and keeps the turns before it", async () => {
    const { env } = sessionEnv();
    const session = await newSession();
    const res = await post(session.id, { content: "Go.", turns: ["user:poet", "user:broken", "user:critic"] }, env);
    expect(res.status).toBe(400);
    expect(errorOf(await res.json()).type).toBe("invalid_request_error");
    const thread = await threadOf(session.id);
    expect(thread.map(({ role, persona }) => [role, persona])).toEqual([["user", null], ["assistant", "user:poet"]]);

    // The session is free again: the next post is answered.
    await settleAll();
    expect((await post(session.id, { content: "Again." }, env)).status).toBe(201);
  });
});

describe("session messages on the deployed app", () => {
  it("speaks with the seeded system personas, each under its own stored voice", async () => {
    const user = { sub: `seeded-${crypto.randomUUID()}`, plan: "pro" as const, emailVerified: true };
    const { model, env } = sessionEnv();
    const created = await call("/v1/sessions", { participants: ["general", "writer"] }, { user });
    expect(created.status).toBe(201);
    const session = (await created.json()) as { id: string; persona: string };
    expect(session.persona).toBe("general");

    const res = await call(`/v1/sessions/${session.id}/messages`, { content: "Name a lighthouse.", turns: ["general", "writer"] }, { user, env });
    expect(res.status).toBe(201);
    const writer = (await (await call("/v1/personas/writer", undefined, { user })).json()) as { name: string; systemPrompt: string };
    const [, writerPrompt] = await promptsSent(model);
    expect(writerPrompt![0]![0]).toBe("system");
    expect(writerPrompt![0]![1].startsWith(writer.systemPrompt.trim())).toBe(true);
    const generalName = ((await (await call("/v1/personas/general", undefined, { user })).json()) as { name: string }).name;
    expect(writerPrompt!.at(-1)).toEqual(["user", `[${generalName}]: Echo: Name a lighthouse.`]);

    const outsider = await call(`/v1/sessions/${session.id}/messages`, { content: "hi", persona: "maestro" }, { user, env });
    expect(errorOf(await outsider.json())).toMatchObject({ code: "persona_not_in_session", param: "persona" });
  });
});
