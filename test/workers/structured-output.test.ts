import { env } from "cloudflare:test";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { seenBy } from "./fake-upstream.ts";
import { call, DEFAULT_USER, gatewayFetch, settle, sseEvents, streamedText, tokenFor, type SseEvent } from "./gateway-client.ts";

const unique = (name: string) => `${name}~id=${crypto.randomUUID()}`;
const schema = { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city", "days"], additionalProperties: false };

function profileEnv(candidates: string[], features?: Record<string, unknown>): Record<string, string> {
  return {
    CACHE_DEFAULT: "off",
    LLM_PROFILES: JSON.stringify({
      defaultProfile: "p",
      profiles: { p: { candidates: candidates.map((id) => ({ provider: id.slice(0, id.indexOf("/")), model: id.slice(id.indexOf("/") + 1) })) } },
      ...(features && { features }),
    }),
  };
}

function structured(candidates: string[], strict = false) {
  return call("/v1/chat/completions", {
    messages: [{ role: "user", content: "plan a trip" }],
    response_format: { type: "json_schema", json_schema: { name: "trip", schema, strict } },
  }, { env: profileEnv(candidates) });
}

const contentOf = async (res: Response) => ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;

describe("response_format json_schema held at the gateway", () => {
  it("marks a valid answer valid", async () => {
    const res = await structured([`openai/${unique("s")}`]);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-structured")).toBe("valid");
    expect(JSON.parse(await contentOf(res))).toMatchObject({ city: expect.any(String), days: expect.any(Number) });
  });

  it("repairs an invalid answer once by asking again with the validation errors", async () => {
    const model = unique("s~badJson=1");
    const res = await structured([`anthropic/${model}`]);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-structured")).toBe("repaired");
    expect(JSON.parse(await contentOf(res))).toMatchObject({ city: expect.any(String) });
    const seen = await seenBy("anthropic", model);
    expect(seen).toHaveLength(2);
    expect(JSON.stringify(seen[1]!.body)).toContain("does not match the required JSON Schema");
    expect(JSON.stringify(seen[1]!.body)).toContain("unexpected");
  });

  it("serves the text marked fallback when the repair is still invalid and strict is off", async () => {
    const res = await structured([`openai/${unique("s~badJson")}`, `anthropic/${unique("s")}`]);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-structured")).toBe("fallback");
    expect(res.headers.get("x-chorus-provider")).toBe("openai");
    expect(JSON.parse(await contentOf(res))).toEqual({ unexpected: true });
  });

  it("with strict: true moves to the next candidate", async () => {
    const res = await structured([`openai/${unique("s~badJson")}`, `anthropic/${unique("s")}`], true);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-structured")).toBe("valid");
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(res.headers.get("x-chorus-fallback")).toBe("openai:structured_invalid");
  });

  it("with strict: true and no candidate left answers 422 naming response_format", async () => {
    const res = await structured([`openai/${unique("s~badJson")}`], true);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: "structured_output_invalid", param: "response_format" });
  });
});

const responseFormat = (strict: boolean) => ({ type: "json_schema" as const, json_schema: { name: "trip", schema, strict } });

async function chatClient(candidates: string[]): Promise<OpenAI> {
  return new OpenAI({ baseURL: "http://chorus.test/v1", apiKey: await tokenFor(DEFAULT_USER), fetch: gatewayFetch(profileEnv(candidates)), maxRetries: 0 });
}

/** The chunks' text, read with the openai SDK, and the response's headers. */
async function streamedWithSdk(candidates: string[], strict: boolean): Promise<{ text: string; headers: Headers; chunks: unknown[] }> {
  const client = await chatClient(candidates);
  const { data: stream, response } = await client.chat.completions.create({
    model: "p", messages: [{ role: "user", content: "plan a trip" }], response_format: responseFormat(strict), stream: true, stream_options: { include_usage: true },
  }).withResponse();
  const chunks: unknown[] = [];
  let text = "";
  for await (const chunk of stream) {
    chunks.push(chunk);
    text += chunk.choices?.[0]?.delta?.content ?? "";
  }
  return { text, headers: response.headers, chunks };
}

function streamed(candidates: string[], strict: boolean, options: { features?: Record<string, unknown>; headers?: Record<string, string> } = {}) {
  return call("/v1/chat/completions", { messages: [{ role: "user", content: "plan a trip" }], response_format: responseFormat(strict), stream: true }, {
    env: profileEnv(candidates, options.features), headers: options.headers,
  });
}

const chunksOf = (events: SseEvent[]) => events.filter((event) => !event.event && event.data.startsWith("{")).map((event) => JSON.parse(event.data) as Record<string, unknown>);

describe("response_format json_schema on streamed chat, strict: held until valid", () => {
  it("sends only the next candidate's valid answer, as chat chunks, marked valid", async () => {
    const bad = unique("s~badJson");
    const { text, headers, chunks } = await streamedWithSdk([`openai/${bad}`, `anthropic/${unique("s")}`], true);
    expect(headers.get("content-type")).toContain("text/event-stream");
    expect(headers.get("x-chorus-structured")).toBe("valid");
    expect(headers.get("x-chorus-provider")).toBe("anthropic");
    expect(headers.get("x-chorus-fallback")).toBe("openai:structured_invalid");
    expect(JSON.parse(text)).toMatchObject({ city: expect.any(String), days: expect.any(Number) });
    expect(text).not.toContain("unexpected");
    expect(chunks.at(-1)).toMatchObject({ object: "chat.completion.chunk", choices: [], usage: { total_tokens: expect.any(Number) } });
    expect(await seenBy("openai", bad)).toHaveLength(2);
  });

  it("repairs once before anything is sent, marked repaired", async () => {
    const model = unique("s~badJson=1");
    const { text, headers } = await streamedWithSdk([`openai/${model}`], true);
    expect(headers.get("x-chorus-structured")).toBe("repaired");
    expect(JSON.parse(text)).toMatchObject({ city: expect.any(String) });
    const seen = await seenBy("openai", model);
    expect(JSON.stringify(seen[1]!.body)).toContain("does not match the required JSON Schema");
  });

  it("with no candidate left answers the same 422 as a JSON request, before any byte of a stream", async () => {
    const res = await streamed([`openai/${unique("s~badJson")}`], true);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: "structured_output_invalid", param: "response_format" });
  });
});

describe("response_format json_schema on streamed chat, not strict: checked at the end", () => {
  it("passes the stream through and ends with chorus.structured valid before [DONE]", async () => {
    const model = unique("s");
    const events = await sseEvents(await streamed([`openai/${model}`], false));
    expect(JSON.parse(streamedText(chunksOf(events)))).toMatchObject({ city: expect.any(String) });
    expect(events.at(-2)).toEqual({ event: "chorus.structured", data: JSON.stringify({ status: "valid" }) });
    expect(events.at(-1)).toEqual({ data: "[DONE]" });
    const [seen] = await seenBy("openai", model);
    expect(seen!.body).toMatchObject({ stream: true });
  });

  it("reports an invalid answer as fallback with the errors, after the text went out as it came, and records it", async () => {
    const user = { sub: `structured-${crypto.randomUUID()}`, plan: "pro" as const, emailVerified: true };
    const model = unique("s~badJson");
    const res = await call("/v1/chat/completions", { messages: [{ role: "user", content: "plan a trip" }], response_format: responseFormat(false), stream: true }, {
      env: profileEnv([`openai/${model}`]), user,
    });
    const events = await sseEvents(res);
    expect(JSON.parse(streamedText(chunksOf(events)))).toEqual({ unexpected: true });
    const outcome = events.at(-2)!;
    expect(outcome.event).toBe("chorus.structured");
    expect(JSON.parse(outcome.data)).toMatchObject({ status: "fallback", errors: expect.arrayContaining([expect.stringContaining("\"city\"")]) });
    expect(events.at(-1)).toEqual({ data: "[DONE]" });
    expect(await seenBy("openai", model)).toHaveLength(1);
    await settle();
    const row = await (env as unknown as { DB: D1Database }).DB.prepare("SELECT structured FROM answer_checks WHERE user_id = ?").bind(user.sub).first();
    expect(row).toEqual({ structured: "fallback" });
  });

  it("sends a feature's chorus.guardrails event first, then chorus.structured, then [DONE]", async () => {
    const events = await sseEvents(await streamed([`openai/${unique("s")}`], false, {
      features: { faq: { guardrails: { pii: { detect: ["email"], action: "redact" } } } }, headers: { "x-chorus-feature": "faq" },
    }));
    expect(events.slice(-3).map((event) => event.event ?? event.data)).toEqual(["chorus.guardrails", "chorus.structured", "[DONE]"]);
  });
});

describe("text.format json_schema on streamed /v1/responses", () => {
  const format = (strict: boolean) => ({ type: "json_schema" as const, name: "trip", schema, strict });

  it("strict: holds the answer, moves past an invalid candidate and streams the valid one as Responses events", async () => {
    const client = await chatClient([`openai/${unique("s~badJson")}`, `anthropic/${unique("s")}`]);
    const { data: stream, response } = await client.responses.create({ input: "plan a trip", text: { format: format(true) }, stream: true }).withResponse();
    let text = "";
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type === "response.output_text.delta") text += event.delta;
      if (event.type === "response.completed") completed = event.response;
    }
    expect(response.headers.get("x-chorus-structured")).toBe("valid");
    expect(response.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(JSON.parse(text)).toMatchObject({ city: expect.any(String), days: expect.any(Number) });
    expect(completed?.output).toMatchObject([{ type: "message", status: "completed", content: [{ type: "output_text", text }] }]);
  });

  it("strict with no candidate left: 422 structured_output_invalid", async () => {
    const client = await chatClient([`openai/${unique("s~badJson")}`]);
    const error = await client.responses.create({ input: "plan a trip", text: { format: format(true) }, stream: true }).then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: 422, code: "structured_output_invalid", param: "response_format" });
  });

  it("not strict: streams the text and sends chorus.structured before response.completed", async () => {
    const res = await call("/v1/responses", { input: "plan a trip", text: { format: format(false) }, stream: true }, { env: profileEnv([`openai/${unique("s~badJson")}`]) });
    const events = await sseEvents(res);
    const deltas = events.filter((event) => event.event === "response.output_text.delta").map((event) => (JSON.parse(event.data) as { delta: string }).delta).join("");
    expect(JSON.parse(deltas)).toEqual({ unexpected: true });
    const names = events.map((event) => event.event);
    const outcome = names.indexOf("chorus.structured");
    expect(JSON.parse(events[outcome]!.data)).toMatchObject({ status: "fallback" });
    expect(outcome).toBeLessThan(names.indexOf("response.completed"));
    expect(names.at(-1)).toBe("response.completed");
  });
});
