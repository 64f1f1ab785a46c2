import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { UpstreamError, type ChatCompletionChunk, type ChatRequest } from "@chorus/core";
import { describe, expect, it } from "vitest";
import { auth } from "../../workers/gateway/src/auth/auth.ts";
import { assembleApp, gatewayParts } from "../../workers/gateway/src/create-app.ts";
import type { GatewayEnv } from "../../workers/gateway/src/env.ts";
import type { Answer } from "../../workers/gateway/src/request/answer.ts";
import type { AnswerEnded } from "../../workers/gateway/src/request/answer-ended.ts";
import type { Stage } from "../../workers/gateway/src/request/stage.ts";
import { admission } from "../../workers/gateway/src/stages/admission.ts";
import { tokenFor, type TestUser } from "./gateway-client.ts";
import { sampleUser } from "./quota/quota-helpers.ts";

const bindings = env as unknown as GatewayEnv & { ADMIN_TOKEN: string };

function chunk(content: string, finish: "stop" | null = null): ChatCompletionChunk {
  return { id: "c", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta: { content }, finish_reason: finish }] };
}

/** A terminal stage answering with a stream that says one word, then ends well or breaks. */
function streaming(ending: "whole" | "broken"): Stage<ChatRequest> {
  return async () => {
    async function* rest(): AsyncGenerator<ChatCompletionChunk> {
      if (ending === "broken") throw new UpstreamError({ provider: "openai", kind: "stream_cut", message: "cut" });
      yield chunk("", "stop");
    }
    const answer: Answer = {
      kind: "stream", model: "m", includeUsage: false, headers: {},
      stream: { head: [chunk("hello")], rest: rest(), cancel: () => undefined },
      served: { provider: "openai", model: "m", ownKey: false },
    };
    return answer;
  };
}

/** The real app with the chat stages the test gives. */
function appWith(chat: Stage<ChatRequest>[]) {
  return assembleApp({ ...gatewayParts(), chat });
}

async function send(app: ReturnType<typeof appWith>, user: TestUser | "admin", body: unknown = { messages: [{ role: "user", content: "hi" }] }) {
  const authorization = user === "admin" ? `Bearer ${bindings.ADMIN_TOKEN}` : `Bearer ${await tokenFor(user)}`;
  const ctx = createExecutionContext();
  const res = await app.request("http://chorus.test/v1/chat/completions", {
    method: "POST", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify(body),
  }, bindings, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { res, text };
}

describe("the request path", () => {
  it("runs the stages in order over one scope; a stage that answers stops the rest", async () => {
    const ran: string[] = [];
    const stage = (name: string): Stage<ChatRequest> => async (_scope, next) => {
      ran.push(name);
      return next();
    };
    const answering: Stage<ChatRequest> = async () => {
      ran.push("answer");
      return { kind: "json", body: { ok: true }, headers: { "x-test": "1" } };
    };
    const { res, text } = await send(appWith([stage("a"), stage("b"), answering, stage("never")]), { sub: `path-${crypto.randomUUID()}`, emailVerified: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-test")).toBe("1");
    expect(JSON.parse(text)).toEqual({ ok: true });
    expect(ran).toEqual(["a", "b", "answer"]);
  });

  it("hands a stage's changed scope to the stages after it", async () => {
    const seen: string[] = [];
    const rewrite: Stage<ChatRequest> = (scope, next) => next({ ...scope, hints: { ...scope.hints, persona: "writer" } });
    const read: Stage<ChatRequest> = async (scope) => {
      seen.push(scope.hints.persona ?? "none");
      return { kind: "json", body: {}, headers: {} };
    };
    await send(appWith([rewrite, read]), { sub: `path-${crypto.randomUUID()}`, emailVerified: true });
    expect(seen).toEqual(["writer"]);
  });

  it("validates the body once before any stage: a bad body is a 400 naming the field and no stage runs", async () => {
    const ran: string[] = [];
    const { res, text } = await send(appWith([async () => {
      ran.push("stage");
      return { kind: "json", body: {}, headers: {} };
    }]), { sub: `path-${crypto.randomUUID()}`, emailVerified: true }, { messages: [] });
    expect(res.status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ error: { code: "invalid_request", param: "messages" } });
    expect(ran).toEqual([]);
  });

  it("refuses the admin token (no user behind it) with 403 not_a_user before any stage", async () => {
    const ran: string[] = [];
    // Auth accepts the admin token only on /admin/* in production; here on the chat path too, to reach the scope's own check.
    const access = [auth({ lookupApiKey: async () => undefined, adminTokenPaths: ["/v1/chat/completions"] })];
    const app = assembleApp({ ...gatewayParts(), access, chat: [async () => {
      ran.push("stage");
      return { kind: "json", body: {}, headers: {} };
    }] });
    const { res, text } = await send(app, "admin");
    expect(res.status).toBe(403);
    expect(JSON.parse(text)).toMatchObject({ error: { code: "not_a_user", type: "permission_error" } });
    expect(ran).toEqual([]);
  });

  it("publishes one outcome per request, a stream's failure after its first byte included", async () => {
    const outcomes: AnswerEnded[] = [];
    const listen: Stage<ChatRequest> = (scope, next) => {
      scope.ended.subscribe((ended) => outcomes.push(ended));
      return next();
    };
    const user = { sub: `path-${crypto.randomUUID()}`, emailVerified: true };
    const whole = await send(appWith([listen, streaming("whole")]), user);
    expect(whole.text).toContain("data: [DONE]");
    const broken = await send(appWith([listen, streaming("broken")]), user);
    expect(broken.text).toContain('"code":"upstream_error"');
    expect(outcomes.map((ended) => ({ status: ended.status, failed: ended.error !== undefined, text: ended.streamedText }))).toEqual([
      { status: 200, failed: false, text: "hello" },
      { status: 200, failed: true, text: "hello" },
    ]);
    expect(outcomes[0]!.completion?.choices[0]?.message.content).toBe("hello");
    expect(outcomes[1]!.completion).toBeUndefined();
  });

  it("admission settles from the outcome: a stream that broke gives the sample slot back", async () => {
    const user = sampleUser();
    for (let i = 0; i < 4; i++) expect((await send(appWith([admission, streaming("broken")]), user)).res.status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await send(appWith([admission, streaming("whole")]), user)).res.status).toBe(200);
    const fourth = await send(appWith([admission, streaming("whole")]), user);
    expect(fourth.res.status).toBe(403);
    expect(JSON.parse(fourth.text)).toMatchObject({ error: { code: "sample_exhausted" } });
  });
});
