import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { ManualClock } from "@chorus/core";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { assembleApp, gatewayParts } from "../../workers/gateway/src/create-app.ts";
import { breakerMemo } from "../../workers/gateway/src/edge/breaker-memo.ts";
import { GuardrailPenalties } from "../../workers/gateway/src/edge/guardrail-penalties.ts";
import { breaker, resetBreakers } from "./breaker-helpers.ts";
import { seenBy } from "./fake-upstream.ts";
import { call, DEFAULT_USER, gatewayFetch, readSse, settle, sseEvents, streamedText, tokenFor, type SseEvent } from "./gateway-client.ts";

const bindings = env as unknown as Record<string, string> & { DB: D1Database };
const FEATURE = { "x-chorus-feature": "faq" };
const unique = (name: string) => `${name}~id=${crypto.randomUUID()}`;

/** One profile of `candidates` (`provider/model`) and the feature `faq` as given; cache off. */
function featureEnv(candidates: string[], faq: Record<string, unknown>): Record<string, string> {
  return {
    CACHE_DEFAULT: "off",
    LLM_PROFILES: JSON.stringify({
      defaultProfile: "p",
      profiles: { p: { candidates: candidates.map((id) => ({ provider: id.slice(0, id.indexOf("/")), model: id.slice(id.indexOf("/") + 1) })) } },
      features: { faq },
    }),
  };
}

function ask(envVars: Record<string, string>, content: string, extra: Record<string, unknown> = {}) {
  return call("/v1/chat/completions", { messages: [{ role: "user", content }], ...extra }, { env: envVars, headers: FEATURE });
}

const chunksOf = (events: SseEvent[]) => events.filter((event) => !event.event && event.data.startsWith("{\"id\"")).map((event) => JSON.parse(event.data) as Record<string, unknown>);
const content = async (res: Response) => ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;

const PII = { pii: { detect: ["email", "phone", "card", "iban", "ssn"], action: "redact" } };

describe("output guardrails on JSON answers", () => {
  it("redacts PII and serves, marked redacted; a clean answer is marked passed", async () => {
    const vars = featureEnv([`openai/${unique("g")}`], { guardrails: PII });
    const res = await ask(vars, "mail jane@example.com, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789, call (415) 555-0132");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-guardrails")).toBe("redacted");
    expect(await content(res)).toBe("Echo: mail [EMAIL], card [CARD], IBAN [IBAN], SSN [SSN], call [PHONE]");

    const clean = await ask(vars, "card 4111 1111 1111 1112 is not a card");
    expect(clean.headers.get("x-chorus-guardrails")).toBe("passed");
    expect(await content(clean)).toBe("Echo: card 4111 1111 1111 1112 is not a card");
  });

  it("retry asks the next candidate with the same prompt and serves its passing answer", async () => {
    const first = unique("g~pii");
    const second = unique("g");
    const res = await ask(featureEnv([`openai/${first}`, `anthropic/${second}`], { guardrails: { pii: { detect: ["email"], action: "retry" } } }), "hello");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-guardrails")).toBe("retried");
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(res.headers.get("x-chorus-fallback")).toBe("openai:guardrail_pii");
    expect(await content(res)).toBe("Echo: hello");
    expect(await seenBy("anthropic", second)).toHaveLength(1);
  });

  it("serves the feature's fallback when no candidate passes", async () => {
    const vars = featureEnv([`openai/${unique("g~markdown")}`, `anthropic/${unique("g~markdown")}`], {
      guardrails: { markdown: { maxHeadingLevel: 2, noRawHtml: true } }, fallback: { content: "Sorry, no answer now." },
    });
    const res = await ask(vars, "hello");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-guardrails")).toBe("fallback");
    expect(await content(res)).toBe("Sorry, no answer now.");
  });

  it("without a fallback answers 422 guardrail_violation naming the rail", async () => {
    const res = await ask(featureEnv([`openai/${unique("g~pii")}`], { guardrails: { pii: { detect: ["card"], action: "retry" } } }), "hello");
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: "guardrail_violation", param: "pii", type: "invalid_request_error" });
  });

  it("block stops at the first violation: no other candidate is asked", async () => {
    const second = unique("g");
    const vars = featureEnv([`openai/${unique("g")}`, `anthropic/${second}`], { guardrails: { phrases: { deny: ["Top Secret"], action: "block" } } });
    const res = await ask(vars, "the top secret plan");
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: "guardrail_violation", param: "phrases" });
    expect(await seenBy("anthropic", second)).toHaveLength(0);
  });

  it("checks a JSON answer against the feature's JSON Schema", async () => {
    const schema = { type: "object", properties: { echo: { type: "string" } }, required: ["echo"] };
    const vars = featureEnv([`openai/${unique("g")}`], { guardrails: { jsonSchema: schema } });
    const json = await ask(vars, "hi", { response_format: { type: "json_object" } });
    expect(json.headers.get("x-chorus-guardrails")).toBe("passed");
    const text = await ask(vars, "hi");
    expect(text.status).toBe(422);
    expect(((await text.json()) as { error: unknown }).error).toMatchObject({ code: "guardrail_violation", param: "jsonSchema" });
  });

  it("refuses a feature whose rails are misconfigured, naming the field", async () => {
    const res = await ask(featureEnv([`openai/${unique("g")}`], { guardrails: { pii: { detect: ["passport"], action: "redact" } } }), "hi");
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).toContain("features.faq.guardrails.pii.detect[0]");
  });
});

describe("input guardrails", () => {
  it("block answers 400 guardrail_input before any call", async () => {
    const model = unique("g");
    const res = await ask(featureEnv([`openai/${model}`], { guardrails: { input: { pii: { detect: ["ssn"], action: "block" } } } }), "my SSN is 123-45-6789");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: "guardrail_input", param: "messages[0].content" });
    expect(await seenBy("openai", model)).toHaveLength(0);
  });

  it("redact sends the provider the masked text", async () => {
    const model = unique("g");
    const res = await ask(featureEnv([`openai/${model}`], { guardrails: { input: { pii: { detect: ["email"], action: "redact" } } } }), "I am jane@example.com");
    expect(res.status).toBe(200);
    expect(await content(res)).toBe("Echo: I am [EMAIL]");
    const [seen] = await seenBy("openai", model);
    expect(JSON.stringify(seen!.body)).not.toContain("jane@example.com");
  });
});

describe("output guardrails on streams", () => {
  it("masks a card number split across chunks and ends with a chorus.guardrails event before [DONE]", async () => {
    const res = await ask(featureEnv([`openai/${unique("g")}`], { guardrails: PII }), "pay 4111 1111 1111 1111 now", { stream: true });
    expect(res.status).toBe(200);
    const events = await sseEvents(res);
    expect(streamedText(chunksOf(events))).toBe("Echo: pay [CARD] now");
    expect(events.at(-2)).toEqual({ event: "chorus.guardrails", data: JSON.stringify({ outcome: "redacted" }) });
    expect(events.at(-1)).toEqual({ data: "[DONE]" });
  });

  it("ends the stream with a guardrail_violation error event when a denied phrase comes, split across chunks", async () => {
    const res = await ask(featureEnv([`openai/${unique("g")}`], { guardrails: { phrases: { deny: ["secret plan"], action: "block" } } }), "the secret plan is here", { stream: true });
    const events = await sseEvents(res);
    const text = streamedText(chunksOf(events));
    expect(text).not.toContain("secret");
    const error = events.find((event) => event.data.includes("\"error\""));
    expect(JSON.parse(error!.data)).toMatchObject({ error: { code: "guardrail_violation", param: "phrases" } });
    expect(events.at(-1)).toEqual({ data: "[DONE]" });
  });

  it("runs markdown rails at the end and reports the violation in the last event", async () => {
    const res = await ask(featureEnv([`openai/${unique("g~markdown")}`], { guardrails: { markdown: { maxHeadingLevel: 2 } } }), "hi", { stream: true });
    const events = await sseEvents(res);
    expect(JSON.parse(events.at(-2)!.data)).toMatchObject({ outcome: "violation", rail: "markdown" });
    expect(events.at(-2)!.event).toBe("chorus.guardrails");
  });
});

describe("guardrails on /v1/responses", () => {
  async function client(vars: Record<string, string>) {
    return new OpenAI({ baseURL: "http://chorus.test/v1", apiKey: await tokenFor(DEFAULT_USER), fetch: gatewayFetch(vars), maxRetries: 0, defaultHeaders: FEATURE });
  }

  it("redacts a JSON response", async () => {
    const openai = await client(featureEnv([`openai/${unique("g")}`], { guardrails: PII }));
    const { data, response } = await openai.responses.create({ input: "mail jane@example.com" }).withResponse();
    expect(data.output_text).toBe("Echo: mail [EMAIL]");
    expect(response.headers.get("x-chorus-guardrails")).toBe("redacted");
  });

  it("redacts a streamed response and sends the chorus.guardrails event", async () => {
    const vars = featureEnv([`openai/${unique("g")}`], { guardrails: PII });
    const res = await call("/v1/responses", { input: "card 4111 1111 1111 1111", stream: true }, { env: vars, headers: FEATURE });
    const events = await sseEvents(res);
    const deltas = events.filter((event) => event.event === "response.output_text.delta").map((event) => (JSON.parse(event.data) as { delta: string }).delta).join("");
    expect(deltas).toBe("Echo: card [CARD]");
    expect(events.some((event) => event.event === "chorus.guardrails" && JSON.parse(event.data).outcome === "redacted")).toBe(true);
  });
});

describe("the guardrail penalty", () => {
  it("ranks a violating provider last for the feature in every isolate until GUARDRAIL_PENALTY_MS has passed, shown at /admin/providers", async () => {
    await resetBreakers();
    const clock = new ManualClock(Date.now());
    const isolate = () => assembleApp(gatewayParts(new GuardrailPenalties(clock)));
    const bad = unique("g~pii");
    const good = unique("g");
    const vars = { ...bindings, ...featureEnv([`openai/${bad}`, `anthropic/${good}`], { guardrails: { pii: { detect: ["email"], action: "retry" } } }) };
    const send = async (app: ReturnType<typeof isolate>, path: string, authorization: string, body?: unknown) => {
      const ctx = createExecutionContext();
      const init: RequestInit = body === undefined ? { headers: { authorization } } : { method: "POST", headers: { authorization, "content-type": "application/json", ...FEATURE }, body: JSON.stringify(body) };
      const res = await app.request(`http://chorus.test${path}`, init, vars, ctx);
      const json = await res.json();
      await waitOnExecutionContext(ctx);
      return { res, json };
    };
    const user = `Bearer ${await tokenFor(DEFAULT_USER)}`;
    const question = { messages: [{ role: "user", content: "hello" }] };
    const penaltiesOf = async (app: ReturnType<typeof isolate>) => {
      const admin = await send(app, "/admin/providers", `Bearer ${bindings.ADMIN_TOKEN}`);
      return (admin.json as { providers: { id: string; guardrailPenalties: unknown[] }[] }).providers.find((provider) => provider.id === "openai")?.guardrailPenalties;
    };

    const first = isolate();
    expect((await send(first, "/v1/chat/completions", user, question)).res.headers.get("x-chorus-guardrails")).toBe("retried");
    const until = new Date(clock.now() + 600_000).toISOString();

    // Another isolate: its own memo, nothing heard yet; the penalty comes from the provider's Breaker object.
    breakerMemo.clear();
    const second = isolate();
    const served = await send(second, "/v1/chat/completions", user, question);
    expect(served.res.headers.get("x-chorus-guardrails")).toBe("passed");
    expect(served.res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(await seenBy("openai", bad)).toHaveLength(1);
    breakerMemo.clear();
    expect(await penaltiesOf(isolate())).toEqual([{ feature: "faq", until }]);

    await clock.advance(600_000);
    expect(await penaltiesOf(second)).toEqual([]);
    expect((await send(second, "/v1/chat/completions", user, question)).res.headers.get("x-chorus-guardrails")).toBe("retried");
    expect(await seenBy("openai", bad)).toHaveLength(2);
  });

  it("does not rank a provider last for another feature", async () => {
    await resetBreakers();
    const app = assembleApp(gatewayParts(new GuardrailPenalties(new ManualClock(Date.now()))));
    const vars = { ...bindings, ...featureEnv([`openai/${unique("g")}`, `anthropic/${unique("g")}`], { guardrails: PII }) };
    await breaker("provider:openai").penalize("other-feature", Date.now() + 600_000);
    const ctx = createExecutionContext();
    const res = await app.request("http://chorus.test/v1/chat/completions", {
      method: "POST", headers: { authorization: `Bearer ${await tokenFor(DEFAULT_USER)}`, "content-type": "application/json", ...FEATURE },
      body: JSON.stringify({ messages: [{ role: "user", content: "hello" }] }),
    }, vars, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.headers.get("x-chorus-provider")).toBe("openai");
  });
});

describe("guardrails and the response cache", () => {
  it("never replays an answer cached without a feature's rails to a request of that feature", async () => {
    const vars = { ...featureEnv([`openai/${unique("cached")}`], { guardrails: PII }), CACHE_DEFAULT: "on" };
    const question = `my mail is jane-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const plain = await call("/v1/chat/completions", { messages: [{ role: "user", content: question }] }, { env: vars });
    expect(await content(plain)).toContain("@example.com");
    await settle();
    const again = await call("/v1/chat/completions", { messages: [{ role: "user", content: question }] }, { env: vars });
    expect(again.headers.get("x-chorus-cache")).toBe("hit");

    const guarded = await ask(vars, question);
    expect(guarded.headers.get("x-chorus-cache")).not.toBe("hit");
    expect(guarded.headers.get("x-chorus-guardrails")).toBe("redacted");
    expect(await content(guarded)).toBe("Echo: my mail is [EMAIL]");
  });
});

describe("guardrails on session turns", () => {
  it("redacts a turn's answer before it is served and stored, streamed or not", async () => {
    const vars = featureEnv([`openai/${unique("session")}`], { guardrails: PII });
    const created = await call("/v1/sessions", {}, { env: vars });
    const { id } = (await created.json()) as { id: string };
    const post = (body: Record<string, unknown>) => call(`/v1/sessions/${id}/messages`, body, { env: vars, headers: FEATURE });

    const json = await post({ content: "write to jane@example.com" });
    expect(json.status).toBe(201);
    const { messages } = (await json.json()) as { messages: { content: string }[] };
    expect(messages[1]!.content).toBe("Echo: write to [EMAIL]");

    const streamed = await post({ content: "card 4111 1111 1111 1111", stream: true });
    expect(streamedText((await readSse(streamed)).events)).toBe("Echo: card [CARD]");
    await settle();
    const thread = (await (await call(`/v1/sessions/${id}`, undefined, { env: vars })).json()) as { messages: { content: string }[] };
    expect(thread.messages.map(({ content }) => content)).toEqual(["write to jane@example.com", "Echo: write to [EMAIL]", "card 4111 1111 1111 1111", "Echo: card [CARD]"]);
  });
});

describe("every outcome is recorded with the request", () => {
  it("writes the caller's row to answer_checks: who served, the verdict, the error of a refused answer", async () => {
    const user = { sub: `checks-${crypto.randomUUID()}`, plan: "pro" as const, emailVerified: true };
    const redacting = featureEnv([`openai/${unique("rec")}`], { guardrails: PII });
    const blocking = featureEnv([`openai/${unique("rec-block")}`], { guardrails: { pii: { detect: ["email"], action: "block" } } });
    const ok = await call("/v1/chat/completions", { messages: [{ role: "user", content: "mail jane@example.com" }] }, { env: redacting, headers: FEATURE, user });
    const refused = await call("/v1/chat/completions", { messages: [{ role: "user", content: "mail jane@example.com" }] }, { env: blocking, headers: FEATURE, user });
    expect(refused.status).toBe(422);
    await settle();
    const rows = await bindings.DB.prepare("SELECT request_id, feature, provider, status, guardrails, error FROM answer_checks WHERE user_id = ? ORDER BY created_at")
      .bind(user.sub).all<Record<string, unknown>>();
    expect(rows.results).toEqual([
      { request_id: ok.headers.get("x-chorus-request-id"), feature: "faq", provider: "openai", status: 200, guardrails: "redacted", error: null },
      { request_id: refused.headers.get("x-chorus-request-id"), feature: "faq", provider: null, status: 422, guardrails: null, error: "guardrail_violation" },
    ]);
  });
});
