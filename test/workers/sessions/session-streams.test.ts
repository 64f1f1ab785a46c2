import { describe, expect, it } from "vitest";
import { readSse } from "../gateway-client.ts";
import { errorOf, newSession, send, sessionEnv, settleAll, threadOf } from "./session-helpers.ts";

type Frame = { object?: string; model?: string; persona?: string; message_id?: string; choices?: { delta: { content?: string } }[]; error?: { code: string } };

/** The text each message id was streamed, in order of first appearance. */
function textById(frames: Frame[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const frame of frames) {
    if (!frame.message_id) continue;
    texts.set(frame.message_id, (texts.get(frame.message_id) ?? "") + (frame.choices?.[0]?.delta.content ?? ""));
  }
  return texts;
}

describe("streamed session messages", () => {
  it("streams every turn as chat.completion.chunk frames, each with its speaker and message id, ending [DONE]", async () => {
    const { model, env } = sessionEnv();
    const session = await newSession();
    const res = await send(`/v1/sessions/${session.id}/messages`, { content: "Sing.", turns: ["user:poet", "user:critic"], stream: true }, { env });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const { events, done } = await readSse(res);
    const frames = events as Frame[];
    expect(done).toBe(true);
    expect(frames.length).toBeGreaterThan(2);
    for (const frame of frames) {
      expect(frame).toMatchObject({ object: "chat.completion.chunk", model });
      expect(frame.message_id).toMatch(/^msg_/);
    }
    // All of the poet's frames, then all of the critic's.
    const speakers = frames.map((frame) => frame.persona);
    expect(speakers).toEqual([...speakers.filter((ref) => ref === "user:poet"), ...speakers.filter((ref) => ref === "user:critic")]);
    expect(new Set(speakers)).toEqual(new Set(["user:poet", "user:critic"]));

    await settleAll();
    const thread = await threadOf(session.id);
    expect(thread.map(({ persona }) => persona)).toEqual([null, "user:poet", "user:critic"]);
    // Each stored answer is what was streamed under its id.
    expect([...textById(frames)]).toEqual(thread.slice(1).map(({ id, content }) => [id, content]));
    expect(thread[2]!.content).toBe("Echo: [Flamenco Poet]: Echo: Sing.");
  });

  it("ends with an error event when a later turn's stream is cut, keeping the turns before it", async () => {
    const { env } = sessionEnv();
    const session = await newSession();
    const res = await send(`/v1/sessions/${session.id}/messages`, { content: "Go on.", turns: ["user:poet", "user:cut", "user:critic"], stream: true }, { env });
    expect(res.status).toBe(200);
    const { events, done } = await readSse(res);
    const frames = events as Frame[];
    expect(done).toBe(true);
    const last = frames.at(-1)!;
    expect(last.error?.code).toBeDefined();
    expect(frames.slice(0, -1).some((frame) => frame.persona === "user:cut")).toBe(true);
    expect(frames.some((frame) => frame.persona === "user:critic")).toBe(false);

    await settleAll();
    const thread = await threadOf(session.id);
    expect(thread.map(({ persona }) => persona)).toEqual([null, "user:poet"]);
    expect(thread[1]!.id).toBe(frames[0]!.message_id);
  });

  it("ends with an error event when a later turn fails before its first byte", async () => {
    const { env } = sessionEnv();
    const session = await newSession();
    const res = await send(`/v1/sessions/${session.id}/messages`, { content: "Go on.", turns: ["user:poet", "user:broken"], stream: true }, { env });
    const { events, done } = await readSse(res);
    expect(done).toBe(true);
    expect(errorOf(events.at(-1)).type).toBe("invalid_request_error");
    await settleAll();
    expect((await threadOf(session.id)).map(({ persona }) => persona)).toEqual([null, "user:poet"]);
  });

  it("answers a first turn that fails before any byte with its error status, the user's message kept", async () => {
    const { env } = sessionEnv();
    const session = await newSession();
    const res = await send(`/v1/sessions/${session.id}/messages`, { content: "Go on.", persona: "user:broken", stream: true }, { env });
    expect(res.status).toBe(400);
    expect(errorOf(await res.json()).type).toBe("invalid_request_error");
    await settleAll();
    expect((await threadOf(session.id)).map(({ role }) => role)).toEqual(["user"]);
  });
});
