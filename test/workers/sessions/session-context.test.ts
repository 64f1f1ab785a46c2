import { describe, expect, it } from "vitest";
import { newSession, promptsSent, send, sessionEnv, settleAll, threadOf, type MessageJson } from "./session-helpers.ts";

describe("a session's context budget", () => {
  it("drops the oldest turns to fit contextTokens, never the persona or the newest message, and says how many", async () => {
    const { model, env } = sessionEnv();
    const session = await newSession({ persona: "user:poet", contextTokens: 300 });
    const post = (content: string) => send(`/v1/sessions/${session.id}/messages`, { content }, { env });
    const long = "The tide comes in over the old stones of the harbour wall. ".repeat(20);

    const first = await post(long);
    expect(first.status).toBe(201);
    expect(first.headers.get("x-chorus-context-trimmed")).toBeNull();

    const second = await post("Shorter now.");
    expect(second.status).toBe(201);
    // The long question and its long echo no longer fit beside the system text and the new message.
    expect(second.headers.get("x-chorus-context-trimmed")).toBe("2");
    const [, prompt] = await promptsSent(model);
    expect(prompt!.map(([role]) => role)).toEqual(["system", "user"]);
    expect(prompt![0]![1]).toContain("You are a flamenco poet.");
    expect(prompt![1]).toEqual(["user", "Shorter now."]);

    // Trimming shapes only what the model sees: the thread keeps every line.
    await settleAll();
    expect((await threadOf(session.id)).length).toBe(4);
  });

  it("keeps the newest message even when it alone is over the budget", async () => {
    const { model, env } = sessionEnv();
    const session = await newSession({ contextTokens: 256 });
    const huge = "word ".repeat(2000);
    const res = await send(`/v1/sessions/${session.id}/messages`, { content: huge }, { env });
    expect(res.status).toBe(201);
    const { messages } = (await res.json()) as { messages: MessageJson[] };
    expect(messages[1]!.content).toBe(`Echo: ${huge.trim()}`);
    const [prompt] = await promptsSent(model);
    expect(prompt!.at(-1)).toEqual(["user", huge.trim()]);
  });
});
