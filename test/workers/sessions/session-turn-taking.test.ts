import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { StoredLine } from "../../../workers/gateway/src/durable/session-thread-types.ts";
import type { GatewayEnv } from "../../../workers/gateway/src/env.ts";
import { sessionThreadOf } from "../../../workers/gateway/src/sessions/session-thread-of.ts";
import { DEFAULT_USER, type TestUser } from "../gateway-client.ts";
import { errorOf, newSession, promptsSent, send, sessionEnv, settleAll, threadOf, type MessageJson, type SessionJson } from "./session-helpers.ts";

const bindings = env as unknown as GatewayEnv;

function line(content: string): StoredLine {
  return { id: `msg_${crypto.randomUUID()}`, role: "user", persona: null, personaName: null, content, provider: null, model: null, createdAt: new Date().toISOString() };
}

const TURN = { leaseMs: 60_000, waitMs: 0 };

/** A thread object told of its session, as `POST /v1/sessions` does. */
async function configuredThread() {
  const sessionId = crypto.randomUUID();
  const thread = sessionThreadOf(bindings, "lock-user", sessionId);
  await thread.configure({ userId: "lock-user", sessionId }, { persona: "general", participants: null, model: null, contextTokens: 8000 });
  return thread;
}

/** The size of an object's database with nothing in it. */
const emptyDatabaseSize = await runInDurableObject(sessionThreadOf(bindings, "lock-user", "never-used"), (_object, state) => state.storage.sql.databaseSize);

describe("turn taking", () => {
  it("never interleaves the turns of two posts to one session", async () => {
    // Slow answers, so the second post arrives while the first is still being answered.
    const { model, env } = sessionEnv("~firstTokenMs=150");
    const session = await newSession();
    const post = (content: string) => send(`/v1/sessions/${session.id}/messages`, { content, turns: ["user:poet", "user:critic"] }, { env });
    const answers = await Promise.all([post("first"), post("second")]);
    expect(answers.map((res) => res.status)).toEqual([201, 201]);

    const thread = await threadOf(session.id);
    const [early, late] = thread[0]!.content === "first" ? ["first", "second"] : ["second", "first"];
    expect(thread.map(({ persona, content }) => [persona, content])).toEqual([
      [null, early], ["user:poet", `Echo: ${early}`], ["user:critic", `Echo: [Flamenco Poet]: Echo: ${early}`],
      [null, late], ["user:poet", `Echo: ${late}`], ["user:critic", `Echo: [Flamenco Poet]: Echo: ${late}`],
    ]);
    // The later post's first speaker saw the whole of the earlier post's turns.
    const prompts = await promptsSent(model);
    expect(prompts[2]!.slice(1).map(([, content]) => content)).toEqual([early, `Echo: ${early}`, `[Critic]: Echo: [Flamenco Poet]: Echo: ${early}`, late]);
  });

  it("holds the turn lock per session: a post waits, one that would wait too long is told the session is busy", async () => {
    const thread = await configuredThread();
    const held = await thread.begin(TURN);
    expect(held.kind).toBe("held");
    expect(await thread.begin({ ...TURN, waitMs: 0 })).toMatchObject({ kind: "busy" });

    const waiting = thread.begin({ ...TURN, waitMs: 5_000 });
    if (held.kind !== "held") throw new Error("not held");
    expect(await thread.finish(held.leaseId, [line("one"), { ...line("answer"), role: "assistant", persona: "general", personaName: "General" }])).toBe(true);
    const next = await waiting;
    expect(next.kind).toBe("held");
    if (next.kind === "held") expect(next.thread.map(({ content }) => content)).toEqual(["one", "answer"]);
  });

  it("frees the lock of a request that stopped answering once its lease runs out, and drops that request's late lines", async () => {
    const thread = await configuredThread();
    const crashed = await thread.begin(TURN);
    if (crashed.kind !== "held") throw new Error("not held");
    expect(await thread.append(crashed.leaseId, [line("one")], 60_000)).toBe(true);
    // As if the lease had run out: the object reads Date.now().
    await runInDurableObject(thread, (_object, state) => {
      state.storage.sql.exec("UPDATE turn_lock SET expires_at = ?", Date.now() - 1);
    });
    const taker = await thread.begin({ ...TURN, waitMs: 0 });
    if (taker.kind !== "held") throw new Error("not held");
    expect(await thread.append(crashed.leaseId, [line("late")], 60_000)).toBe(false);
    expect(await thread.renew(crashed.leaseId, 60_000)).toBe(false);
    expect(await thread.finish(crashed.leaseId, [line("later")])).toBe(false);
    expect(await thread.finish(taker.leaseId, [line("two")])).toBe(true);
    expect((await thread.messages()).map(({ content }) => content)).toEqual(["one", "two"]);
  });

  it("writes nothing for a session it was never told of, and a post waiting on a deleted session finds it gone", async () => {
    const unknown = sessionThreadOf(bindings, "lock-user", crypto.randomUUID());
    expect(await unknown.begin(TURN)).toEqual({ kind: "unknown" });
    expect(await runInDurableObject(unknown, (_object, state) => state.storage.sql.databaseSize)).toBeLessThanOrEqual(emptyDatabaseSize);

    const thread = await configuredThread();
    const held = await thread.begin(TURN);
    const waiting = thread.begin({ ...TURN, waitMs: 5_000 });
    await thread.destroy();
    expect(await waiting).toEqual({ kind: "unknown" });
    if (held.kind === "held") expect(await thread.finish(held.leaseId, [line("after the delete")])).toBe(false);
    expect(await thread.messages()).toEqual([]);
  });

  it("moves the session up the caller's list: the object writes its last message's time to D1 after a short while", async () => {
    const { env } = sessionEnv();
    const older = await newSession();
    const session = await newSession();
    expect((await send(`/v1/sessions/${older.id}/messages`, { content: "first" }, { env })).status).toBe(201);
    const thread = sessionThreadOf(bindings, DEFAULT_USER.sub, older.id);
    // The alarm the post set (TOUCH_DELAY_MS), run now rather than waited for.
    expect(await runDurableObjectAlarm(thread)).toBe(true);
    const [last] = await threadOf(older.id).then((lines) => lines.slice(-1));
    const listed = ((await (await send("/v1/sessions")).json()) as { data: SessionJson[] }).data;
    expect(listed.findIndex(({ id }) => id === older.id)).toBeLessThan(listed.findIndex(({ id }) => id === session.id));
    expect(listed.find(({ id }) => id === older.id)!.updatedAt).toBe(last!.createdAt);
    // One write for the while: no alarm is left set.
    expect(await runDurableObjectAlarm(thread)).toBe(false);
  });

  it("answers a post to a session created before its object kept the settings, from D1", async () => {
    const { env } = sessionEnv();
    const session = await newSession({ persona: "user:poet" });
    // As the object of an older session is: a thread, but no settings.
    await runInDurableObject(sessionThreadOf(bindings, DEFAULT_USER.sub, session.id), async (_object, state) => {
      state.storage.sql.exec("DROP TABLE settings");
    });
    const res = await send(`/v1/sessions/${session.id}/messages`, { content: "still here?" }, { env });
    expect(res.status).toBe(201);
    expect((await threadOf(session.id)).map(({ persona }) => persona)).toEqual([null, "user:poet"]);
  });
});

describe("every turn is a request of the chat path", () => {
  it("counts each turn in the caller's usage", async () => {
    const user: TestUser = { sub: `usage-${crypto.randomUUID()}`, plan: "pro", emailVerified: true };
    const { env } = sessionEnv();
    const session = await newSession({}, user);
    expect((await send(`/v1/sessions/${session.id}/messages`, { content: "hi", turns: ["user:poet", "user:critic"] }, { user, env })).status).toBe(201);
    await settleAll();
    const usage = (await (await send("/v1/usage", undefined, { user })).json()) as { days: { requests: number }[] };
    expect(usage.days.reduce((sum, day) => sum + day.requests, 0)).toBe(2);
  });

  it("admits each turn: past the usage limit a turn is refused, the turns before it kept", async () => {
    const user: TestUser = { sub: `limit-${crypto.randomUUID()}`, plan: "pro", emailVerified: true };
    expect((await send("/v1/settings", { usageLimit: 2, usagePeriod: "daily" }, { user, method: "PUT" })).status).toBe(200);
    const { env } = sessionEnv();
    const session = await newSession({}, user);
    const res = await send(`/v1/sessions/${session.id}/messages`, { content: "hi", turns: ["user:poet", "user:critic", "general"] }, { user, env });
    expect(res.status).toBe(429);
    expect(errorOf(await res.json()).code).toBe("usage_limit_reached");
    await settleAll();
    expect((await threadOf(session.id, user)).map(({ persona }) => persona)).toEqual([null, "user:poet", "user:critic"]);
  });
});

describe("the kill switch", () => {
  it("turns session messages off with 503 ai_disabled while the sessions stay readable", async () => {
    const { env } = sessionEnv();
    const session = await newSession();
    const off = { ...env, AI_FEATURES_ENABLED: "false" };
    const res = await send(`/v1/sessions/${session.id}/messages`, { content: "hi" }, { env: off });
    expect(res.status).toBe(503);
    expect(errorOf(await res.json()).code).toBe("ai_disabled");
    const read = await send(`/v1/sessions/${session.id}`, undefined, { env: off });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { messages: MessageJson[] }).messages).toEqual([]);
  });
});
