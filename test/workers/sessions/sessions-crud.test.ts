import { describe, expect, it } from "vitest";
import type { TestUser } from "../gateway-client.ts";
import { errorOf, newSession, send, sessionEnv, threadOf, type SessionJson } from "./session-helpers.ts";

const someone = (): TestUser => ({ sub: `owner-${crypto.randomUUID()}`, plan: "pro", emailVerified: true });

describe("sessions: create, read, change, delete", () => {
  it("creates a session with the contract's defaults and lists it", async () => {
    const owner = someone();
    const res = await send("/v1/sessions", {}, { user: owner });
    expect(res.status).toBe(201);
    const session = (await res.json()) as SessionJson;
    expect(session).toMatchObject({ title: null, persona: "general", participants: null, model: null, contextTokens: 8000 });
    expect(session.id).toMatch(/^ses_[0-9a-f]{32}$/);
    expect(Date.parse(session.createdAt)).not.toBeNaN();

    const list = (await (await send("/v1/sessions", undefined, { user: owner })).json()) as { data: SessionJson[] };
    expect(list.data).toEqual([session]);
    const read = (await (await send(`/v1/sessions/${session.id}`, undefined, { user: owner })).json()) as SessionJson;
    expect(read).toEqual({ ...session, messages: [] });
  });

  it("keeps what is given, and defaults the speaker to the first participant when general is not one", async () => {
    const owner = someone();
    const session = await newSession({ title: "Sea poems", participants: ["user:poet", "user:critic"], model: "compat", contextTokens: 2000 }, owner);
    expect(session).toMatchObject({ title: "Sea poems", persona: "user:poet", participants: ["user:poet", "user:critic"], model: "compat", contextTokens: 2000 });
  });

  it("changes title, default persona and participants; a persona left out of the participants is refused", async () => {
    const owner = someone();
    const session = await newSession({ participants: ["general", "user:poet"] }, owner);
    const patch = (body: unknown) => send(`/v1/sessions/${session.id}`, body, { user: owner, method: "PATCH" });

    const changed = await patch({ title: "Renamed", persona: "user:poet" });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ title: "Renamed", persona: "user:poet", participants: ["general", "user:poet"] });

    const outsider = await patch({ participants: ["general"] });
    expect(outsider.status).toBe(400);
    expect(errorOf(await outsider.json())).toMatchObject({ code: "persona_not_in_session", param: "persona" });

    const anyone = await patch({ participants: null, persona: "user:critic" });
    expect(await anyone.json()).toMatchObject({ persona: "user:critic", participants: null, title: "Renamed" });
  });

  it("deletes a session and its thread: 204, then 404 session_not_found", async () => {
    const owner = someone();
    const { env } = sessionEnv();
    const session = await newSession({}, owner);
    expect((await send(`/v1/sessions/${session.id}/messages`, { content: "hello" }, { user: owner, env })).status).toBe(201);
    const deleted = await send(`/v1/sessions/${session.id}`, undefined, { user: owner, method: "DELETE" });
    expect(deleted.status).toBe(204);
    const gone = await send(`/v1/sessions/${session.id}`, undefined, { user: owner });
    expect(gone.status).toBe(404);
    expect(errorOf(await gone.json())).toMatchObject({ code: "session_not_found", type: "not_found_error" });
    expect((await send(`/v1/sessions/${session.id}`, undefined, { user: owner, method: "DELETE" })).status).toBe(404);
  });

  it("refuses bad fields naming them, and personas the caller cannot see", async () => {
    const cases: [unknown, number, string, string][] = [
      [{ contextTokens: 10 }, 400, "invalid_request", "contextTokens"],
      [{ participants: [] }, 400, "invalid_request", "participants"],
      [{ title: "x".repeat(201) }, 400, "invalid_request", "title"],
      [{ persona: "user:nobody" }, 404, "persona_not_found", "persona"],
      [{ participants: ["general", "user:nobody"] }, 404, "persona_not_found", "participants[1]"],
      [{ persona: "user:critic", participants: ["user:poet"] }, 400, "persona_not_in_session", "persona"],
    ];
    for (const [body, status, code, param] of cases) {
      const res = await send("/v1/sessions", body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(errorOf(await res.json())).toMatchObject({ code, param });
    }
  });
});

describe("sessions belong to their owner", () => {
  it("answers another user's session as not found, on every route, and leaves it alone", async () => {
    const owner = someone();
    const stranger = someone();
    const { env } = sessionEnv();
    const session = await newSession({ title: "Mine" }, owner);
    const path = `/v1/sessions/${session.id}`;
    const attempts = [
      send(path, undefined, { user: stranger }),
      send(path, { title: "Theirs" }, { user: stranger, method: "PATCH" }),
      send(path, undefined, { user: stranger, method: "DELETE" }),
      send(`${path}/messages`, { content: "hi" }, { user: stranger, env }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(errorOf(await res.json()).code).toBe("session_not_found");
    }
    expect(((await (await send("/v1/sessions", undefined, { user: stranger })).json()) as { data: unknown[] }).data).toEqual([]);
    const mine = (await (await send(path, undefined, { user: owner })).json()) as SessionJson;
    expect(mine).toMatchObject({ title: "Mine", messages: [] });
    expect(await threadOf(session.id, owner)).toEqual([]);
  });
});
