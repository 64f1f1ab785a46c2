import { UpstreamError, type ChatAdapter, type ChatCompletionChunk, type ChatRequest, type FunctionTool } from "@chorus/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGoogleAdapter } from "../../packages/providers/src/google/index.ts";
import { exampleFor } from "../fakes/fake-answer.ts";
import type { FakeServer } from "../fakes/fake-server.ts";
import { GEMINI_FAKE_THOUGHT_TOKENS, startGeminiFake } from "../fakes/gemini-fake.ts";

let fake: FakeServer, google: ChatAdapter;
beforeAll(async () => {
  fake = await startGeminiFake();
  google = createGoogleAdapter({ apiKey: "test-key", baseURL: `${fake.url}/`, headers: { "x-team": "chorus" } });
});
afterAll(() => fake.close());
const context = (model: string, signal = new AbortController().signal) => ({ model, signal });
const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: "x", messages: [{ role: "user", content: text }], ...extra });
const sent = (model: string) => fake.requests.findLast((request) => decodeURIComponent(request.path).includes(`/${model}:`))!;
/** The parts of a recorded Gemini request body the tests read. */
interface SentBody {
  contents: unknown[]; systemInstruction: { parts: unknown[] }; tools: { functionDeclarations: unknown[] }[]; toolConfig: unknown;
  generationConfig: { responseMimeType?: string; responseSchema: { properties: Record<string, unknown> } };
}
const body = (model: string) => sent(model).body as SentBody;
async function collect(stream: AsyncIterable<ChatCompletionChunk>, into: ChatCompletionChunk[] = []) {
  for await (const chunk of stream) into.push(chunk);
  return into;
}
const text = (chunks: ChatCompletionChunk[]) => chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  const error: unknown = await promise.then(() => "resolved", (caught: unknown) => caught);
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}
const weather: FunctionTool = { type: "function", function: { name: "get_weather", description: "Weather in a city", parameters: {
  $schema: "http://json-schema.org/draft-07/schema#", type: "object", additionalProperties: false, properties: { city: { type: "string", title: "City" } }, required: ["city"] } } };
const clock: FunctionTool = { type: "function", function: { name: "get_time", parameters: { type: "object", properties: { zone: { type: "string" } } } } };

describe("google adapter against a fake Gemini API", () => {
  it("answers a plain request, sending the key, headers and generation config", async () => {
    const completion = await google.chat(ask("hello there", { temperature: 0.2, max_tokens: 50, stop: "END" }), context("gemini-3-flash~id=plain"));
    expect(completion.choices[0]).toMatchObject({ message: { role: "assistant", content: "Echo: hello there" }, finish_reason: "stop" });
    expect(completion.model).toBe("gemini-3-flash~id=plain");
    const request = sent("gemini-3-flash~id=plain");
    expect(request.path).toBe("/v1beta/models/gemini-3-flash~id=plain:generateContent");
    expect(request.headers).toMatchObject({ "x-goog-api-key": "test-key", "x-team": "chorus" });
    expect(body("gemini-3-flash~id=plain").generationConfig).toEqual({ candidateCount: 1, temperature: 0.2, maxOutputTokens: 50, stopSequences: ["END"] });
  });

  it("counts thought tokens as completion tokens and reports them as reasoning", async () => {
    const { usage } = await google.chat(ask("hello there"), context("gemini-3-flash~id=thoughts"));
    const completion = 3 + GEMINI_FAKE_THOUGHT_TOKENS;
    expect(usage).toEqual({ prompt_tokens: 2, completion_tokens: completion, total_tokens: 2 + completion, completion_tokens_details: { reasoning_tokens: GEMINI_FAKE_THOUGHT_TOKENS } });
  });

  it("streams text that reassembles, ends with the finish reason, then one usage chunk equal to the last running total", async () => {
    const chunks = await collect(google.stream(ask("one two three four five"), context("gemini-3-flash~chunkMs=5")));
    expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
    expect(text(chunks)).toBe("Echo: one two three four five");
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.filter((chunk) => chunk.usage)).toHaveLength(1);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 6 + GEMINI_FAKE_THOUGHT_TOKENS, total_tokens: 14 } });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it("calls a tool, with a sanitised schema and a stable id", async () => {
    const completion = await google.chat(ask("weather in Oslo?", { tools: [weather, clock], tool_choice: "required" }), context("gemini-3-flash~id=tool"));
    expect(completion.choices[0]!.finish_reason).toBe("tool_calls");
    expect(completion.choices[0]!.message.tool_calls).toEqual([{ id: "call_0_get_weather", type: "function", function: { name: "get_weather", arguments: '{"city":"city-example"}' } }]);
    const sentBody = body("gemini-3-flash~id=tool");
    expect(sentBody.toolConfig).toEqual({ functionCallingConfig: { mode: "ANY" } });
    expect(sentBody.tools[0]!.functionDeclarations[0]).toEqual({ name: "get_weather", description: "Weather in a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } });
  });

  it("calls the named tool when tool_choice names one", async () => {
    const named = { type: "function" as const, function: { name: "get_time" } };
    const completion = await google.chat(ask("time?", { tools: [weather, clock], tool_choice: named }), context("gemini-3-flash~id=named"));
    expect(completion.choices[0]!.message.tool_calls?.[0]?.function.name).toBe("get_time");
    expect(body("gemini-3-flash~id=named").toolConfig).toEqual({ functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_time"] } });
  });

  it("streams a tool call as one complete delta", async () => {
    const chunks = await collect(google.stream(ask("weather?", { tools: [weather] }), context("gemini-3-flash~id=tool-stream")));
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls).toEqual([{ index: 0, id: "call_0_get_weather", type: "function", function: { name: "get_weather", arguments: '{"city":"city-example"}' } }]);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("tool_calls");
    expect(chunks.at(-1)!.usage?.completion_tokens).toBeGreaterThan(GEMINI_FAKE_THOUGHT_TOKENS);
  });

  it("sends tool results back as functionResponse parts named after their calls, in one user turn", async () => {
    const messages: ChatRequest["messages"] = [
      { role: "user", content: "weather and time?" },
      { role: "assistant", content: null, tool_calls: [
        { id: "a1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
        { id: "b2", type: "function", function: { name: "get_time", arguments: '{"zone":"CET"}' } },
      ] },
      { role: "tool", tool_call_id: "a1", content: '{"sky":"clear"}' },
      { role: "tool", tool_call_id: "b2", content: "noon" },
    ];
    const completion = await google.chat({ model: "x", messages, tools: [weather, clock] }, context("gemini-3-flash~id=results"));
    expect(completion.choices[0]!.message.content).toBe("Tool said: noon");
    expect(body("gemini-3-flash~id=results").contents).toEqual([
      { role: "user", parts: [{ text: "weather and time?" }] },
      { role: "model", parts: [{ functionCall: { name: "get_weather", args: { city: "Oslo" } } }, { functionCall: { name: "get_time", args: { zone: "CET" } } }] },
      { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { sky: "clear" } } }, { functionResponse: { name: "get_time", response: { content: "noon" } } }] },
    ]);
  });

  it("sends system and developer messages as the system instruction, images as inline or file data", async () => {
    await google.chat({ model: "x", messages: [
      { role: "system", content: "Be brief." },
      { role: "developer", content: [{ type: "text", text: "Answer in French." }] },
      { role: "user", content: [{ type: "text", text: "what is this?" }, { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0=" } },
        { type: "image_url", image_url: { url: "https://example.com/cat.webp?size=2" } }] },
    ] }, context("gemini-3-flash~id=system"));
    const sentBody = body("gemini-3-flash~id=system");
    expect(sentBody.systemInstruction.parts).toEqual([{ text: "Be brief." }, { text: "Answer in French." }]);
    expect(sentBody.contents).toEqual([{ role: "user", parts: [{ text: "what is this?" }, { inlineData: { mimeType: "image/png", data: "iVBORw0=" } },
      { fileData: { mimeType: "image/webp", fileUri: "https://example.com/cat.webp?size=2" } }] }]);
  });

  it("asks for structured output with a schema cleaned of what Gemini rejects, and the answer matches", async () => {
    const schema = { $schema: "https://json-schema.org/draft/2020-12/schema", title: "Trip", type: "object", additionalProperties: false,
      properties: { city: { type: "string" }, days: { type: "integer" }, note: { type: ["string", "null"] } }, required: ["city", "days", "note"] };
    const completion = await google.chat(ask("plan a trip", { response_format: { type: "json_schema", json_schema: { name: "trip", strict: true, schema } } }), context("gemini-3-flash~id=json"));
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual(exampleFor(schema));
    const config = body("gemini-3-flash~id=json").generationConfig;
    expect(config.responseMimeType).toBe("application/json");
    expect(JSON.stringify(config.responseSchema)).not.toMatch(/\$schema|"strict"|additionalProperties|"title"/);
    expect(config.responseSchema.properties.note).toEqual({ type: "string", nullable: true });
  });

  it("returns a refusal as a content_filter completion, streamed or not", async () => {
    const completion = await google.chat(ask("something bad"), context("gemini-3-flash~refuse"));
    expect(completion.choices[0]).toMatchObject({ message: { content: null }, finish_reason: "content_filter" });
    const chunks = await collect(google.stream(ask("something bad"), context("gemini-3-flash~refuse")));
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe("content_filter");
  });

  it("embeds one input or many, in OpenAI's list shape", async () => {
    const one = await google.embed!({ model: "x", input: "hello" }, context("text-embedding-004"));
    expect(one).toMatchObject({ object: "list", model: "text-embedding-004", data: [{ object: "embedding", index: 0, embedding: expect.any(Array) }] });
    const many = await google.embed!({ model: "x", input: ["hello", "bye"], dimensions: 4 }, context("text-embedding-004~id=batch"));
    expect(many.data.map((item) => item.index)).toEqual([0, 1]);
    expect(many.data[0]!.embedding).toHaveLength(4);
    expect(sent("text-embedding-004~id=batch").path).toMatch(/:batchEmbedContents$/);
    const encoded = await google.embed!({ model: "x", input: "hello", encoding_format: "base64" }, context("text-embedding-004"));
    const floats = new Float32Array(new Uint8Array(Buffer.from(encoded.data[0]!.embedding as string, "base64")).buffer);
    expect([...floats]).toEqual((one.data[0]!.embedding as number[]).map(Math.fround));
  });
});

describe("google adapter errors", () => {
  it("maps 400 to bad_request with a message safe for the client", async () => {
    const error = await rejection(google.chat(ask("hi"), context("gemini-3-flash~status=400")));
    expect(error).toMatchObject({ kind: "bad_request", status: 400, provider: "google", retryable: false, fallsBack: false });
    expect(error.message).toBe("google returned 400: The fake model failed with 400 as asked.");
  });

  it("maps a 429 with RetryInfo to rate_limit with its delay, and a per-day quota to quota_exhausted", async () => {
    const limited = await rejection(google.chat(ask("hi"), context("gemini-3-flash~status=429~retryAfter=7")));
    expect(limited).toMatchObject({ kind: "rate_limit", status: 429, retryAfterMs: 7000, retryable: true });
    const quota = await rejection(google.chat(ask("hi"), context("gemini-3-flash~quota")));
    expect(quota).toMatchObject({ kind: "quota_exhausted", status: 429, retryable: false, fallsBack: true });
  });

  it("maps 503 to a retryable server error, on chat and when a stream starts", async () => {
    expect(await rejection(google.chat(ask("hi"), context("gemini-3-flash~status=503")))).toMatchObject({ kind: "server", status: 503, retryable: true });
    expect(await rejection(collect(google.stream(ask("hi"), context("gemini-3-flash~status=503"))))).toMatchObject({ kind: "server", status: 503 });
  });

  it("maps a missing key to auth", async () => {
    const keyless = createGoogleAdapter({ baseURL: fake.url });
    expect(await rejection(keyless.chat(ask("hi"), context("gemini-3-flash")))).toMatchObject({ kind: "auth", status: 403 });
  });

  it("maps a refused connection to connection", async () => {
    const gone = await startGeminiFake();
    await gone.close();
    const error = await rejection(createGoogleAdapter({ apiKey: "k", baseURL: gone.url }).chat(ask("hi"), context("gemini-3-flash")));
    expect(error).toMatchObject({ kind: "connection", retryable: true });
  });

  it("maps a stream cut after its first chunks to stream_cut", async () => {
    const chunks: ChatCompletionChunk[] = [];
    const error = await rejection(collect(google.stream(ask("one two three four five six"), context("gemini-3-flash~cutAfter=2")), chunks));
    expect(error.kind).toBe("stream_cut");
    expect(text(chunks)).toBe("Echo: one ");
  });

  it("throws the signal's own reason when the call is aborted, before or during a stream", async () => {
    const controller = new AbortController();
    const reason = new Error("client went away");
    setTimeout(() => controller.abort(reason), 30);
    await expect(google.chat(ask("hi"), context("gemini-3-flash~hang", controller.signal))).rejects.toBe(reason);
    const timeout = AbortSignal.timeout(80);
    const chunks: ChatCompletionChunk[] = [];
    const thrown = await collect(google.stream(ask("one two three four"), context("gemini-3-flash~chunkMs=60", timeout)), chunks).catch((caught: unknown) => caught);
    expect(chunks.length).toBeGreaterThan(0);
    expect(thrown).toBe(timeout.reason);
  });
});
