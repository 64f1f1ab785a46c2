import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "node:net";
import { UpstreamError, type ChatAdapter, type ChatCompletionChunk, type ChatRequest, type FunctionTool } from "@chorus/core";
import { createAnthropicAdapter } from "../../packages/providers/src/anthropic/index.ts";
import { startAnthropicFake } from "../fakes/anthropic-fake.ts";
import type { FakeServer } from "../fakes/fake-server.ts";

let fake: FakeServer;
let adapter: ChatAdapter;

beforeAll(async () => {
  fake = await startAnthropicFake();
  adapter = createAnthropicAdapter({ apiKey: "test-key", baseURL: fake.url, headers: { "x-chorus-test": "yes" } });
});
afterAll(() => fake.close());

const context = (model: string, signal = new AbortController().signal) => ({ model, signal });
const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: "ignored", messages: [{ role: "user", content: text }], ...extra });

async function collect(chunks: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const all: ChatCompletionChunk[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}
const contentOf = (chunks: ChatCompletionChunk[]) => chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}
async function upstreamFailure(run: () => Promise<unknown>): Promise<UpstreamError> {
  const error = await failure(run);
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

type RecordedBody = Record<string, unknown> & { messages: { role: string; content: Record<string, unknown>[] }[] };
function sent(model: string) {
  const request = fake.requests.filter((r) => (r.body as { model?: string } | undefined)?.model === model).at(-1);
  if (!request) throw new Error(`no request for ${model}`);
  return { body: request.body as RecordedBody, headers: request.headers, path: request.path };
}

const weatherTool: FunctionTool = {
  type: "function",
  function: { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
};

describe("anthropic adapter: answers", () => {
  it("answers a plain request and sends a Messages API body", async () => {
    const model = "claude-haiku-5~id=plain";
    const completion = await adapter.chat(ask("please say hello to everyone here", { temperature: 0.2, top_p: 0.9 }), context(model));
    expect(completion.model).toBe(model);
    expect(completion.choices[0]?.message.content).toBe("Echo: please say hello to everyone here");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    // 6 prompt tokens: the fake reports 3 as cache reads, 1 as cache writes, 2 uncached.
    expect(completion.usage).toEqual({ prompt_tokens: 6, completion_tokens: 7, total_tokens: 13, prompt_tokens_details: { cached_tokens: 3 } });
    const { body, headers, path } = sent(model);
    expect(path).toBe("/v1/messages");
    expect(headers.authorization).toBe("Bearer test-key");
    expect(headers["anthropic-version"]).toBeTruthy();
    expect(headers["x-chorus-test"]).toBe("yes");
    expect(body).toEqual({ model, max_tokens: 4096, stream: false, messages: [{ role: "user", content: [{ type: "text", text: "please say hello to everyone here" }] }] });
  });

  it("sends max_completion_tokens over max_tokens, and stop as stop_sequences", async () => {
    const model = "claude-haiku-5~id=limits";
    await adapter.chat(ask("hi", { max_tokens: 100, max_completion_tokens: 200, stop: "END" }), context(model));
    expect(sent(model).body).toMatchObject({ max_tokens: 200, stop_sequences: ["END"] });
  });

  it("answers without streaming even with a large max_tokens", async () => {
    const completion = await adapter.chat(ask("hi", { max_tokens: 64_000 }), context("claude-haiku-5~id=big"));
    expect(completion.choices[0]?.message.content).toBe("Echo: hi");
  });

  it("streams text, then a finish chunk, then usage with the final cumulative output count", async () => {
    const model = "claude-haiku-5~id=stream";
    const chunks = await collect(adapter.stream(ask("please say hello to everyone here", { stream: true }), context(model)));
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(contentOf(chunks)).toBe("Echo: please say hello to everyone here");
    expect(chunks.filter((c) => (c.choices[0]?.delta.content ?? "") !== "").length).toBeGreaterThan(2);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    // message_start says 1 output token and message_delta says 7 in total: the total is 7, not 8.
    expect(last.usage).toEqual({ prompt_tokens: 6, completion_tokens: 7, total_tokens: 13, prompt_tokens_details: { cached_tokens: 3 } });
    expect(sent(model).body.stream).toBe(true);
  });

  it("merges consecutive turns of one role and drops empty assistant turns", async () => {
    const model = "claude-haiku-5~id=merge";
    await adapter.chat({ model, messages: [{ role: "user", content: "one" }, { role: "assistant", content: "" }, { role: "user", content: "two" }] }, context(model));
    expect(sent(model).body.messages).toEqual([{ role: "user", content: [{ type: "text", text: "one" }, { type: "text", text: "two" }] }]);
  });

  it("joins system and developer messages, in order, into system", async () => {
    const model = "claude-haiku-5~id=system";
    await adapter.chat({ model, messages: [
      { role: "system", content: "You are terse." },
      { role: "user", content: "hi" },
      { role: "developer", content: [{ type: "text", text: "Answer in French." }] },
    ] }, context(model));
    const { body } = sent(model);
    expect(body.system).toBe("You are terse.\n\nAnswer in French.");
    expect(body.messages.map((m) => m.role)).toEqual(["user"]);
  });

  it("sends data: images as base64 and web images by URL", async () => {
    const model = "claude-haiku-5~id=images";
    const completion = await adapter.chat({ model, messages: [{ role: "user", content: [
      { type: "text", text: "what are these" },
      { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
      { type: "image_url", image_url: { url: "https://example.com/cat.jpg", detail: "low" } },
    ] }] }, context(model));
    expect(completion.choices[0]?.message.content).toBe("Echo: what are these");
    expect(sent(model).body.messages[0]?.content).toEqual([
      { type: "text", text: "what are these" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
      { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
    ]);
  });

  it("refuses an image it cannot send, before calling Anthropic", async () => {
    const model = "claude-haiku-5~id=bad-image";
    const error = await upstreamFailure(() => adapter.chat({ model, messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "ftp://example.com/a.png" } }] }] }, context(model)));
    expect(error.kind).toBe("bad_request");
    expect(fake.requests.some((r) => (r.body as { model?: string }).model === model)).toBe(false);
  });
});

describe("anthropic adapter: tools", () => {
  it("returns a tool call and sends tools as name, description, input_schema", async () => {
    const model = "claude-sonnet-5~id=tools";
    const completion = await adapter.chat(ask("weather in Paris?", { tools: [weatherTool] }), context(model));
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.tool_calls).toHaveLength(1);
    expect(choice.message.tool_calls?.[0]).toMatchObject({ type: "function", function: { name: "get_weather" } });
    expect(JSON.parse(choice.message.tool_calls?.[0]?.function.arguments ?? "")).toEqual({ city: "city-example" });
    const { body } = sent(model);
    expect(body.tools).toEqual([{ name: "get_weather", description: "Weather for a city", input_schema: weatherTool.function.parameters }]);
    expect(body.tool_choice).toBeUndefined();
  });

  it("streams a tool call whose name and JSON arguments reassemble", async () => {
    const chunks = await collect(adapter.stream(ask("weather in Paris?", { tools: [weatherTool], stream: true }), context("claude-sonnet-5~id=tools-stream")));
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas[0]).toEqual({ index: 0, id: "call_get_weather_1", type: "function", function: { name: "get_weather", arguments: "" } });
    const fragments = deltas.slice(1).map((d) => d.function?.arguments ?? "");
    expect(fragments.length).toBeGreaterThanOrEqual(2);
    expect(deltas.every((d) => d.index === 0)).toBe(true);
    expect(JSON.parse(fragments.join(""))).toEqual({ city: "city-example" });
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it.each([
    ["auto", undefined, { type: "auto" }],
    ["required", undefined, { type: "any" }],
    ["none", undefined, { type: "none" }],
    [{ type: "function", function: { name: "get_weather" } }, undefined, { type: "tool", name: "get_weather" }],
    [undefined, false, { type: "auto", disable_parallel_tool_use: true }],
    ["required", false, { type: "any", disable_parallel_tool_use: true }],
  ] as const)("maps tool_choice %j with parallel_tool_calls %s", async (toolChoice, parallel, expected) => {
    const model = `claude-sonnet-5~id=choice-${JSON.stringify(toolChoice)}-${parallel}`;
    await adapter.chat(ask("weather?", { tools: [weatherTool], tool_choice: toolChoice, parallel_tool_calls: parallel }), context(model));
    expect(sent(model).body.tool_choice).toEqual(expected);
  });

  it("sends tool calls and their results back as tool_use then one user turn of tool_result", async () => {
    const model = "claude-sonnet-5~id=tool-results";
    const completion = await adapter.chat({ model, tools: [weatherTool], messages: [
      { role: "user", content: "weather in Paris and Rome?" },
      { role: "assistant", content: null, tool_calls: [
        { id: "toolu_1", type: "function", function: { name: "get_weather", arguments: "{\"city\":\"Paris\"}" } },
        { id: "toolu_2", type: "function", function: { name: "get_weather", arguments: "{\"city\":\"Rome\"}" } },
      ] },
      { role: "tool", tool_call_id: "toolu_1", content: "sunny" },
      { role: "tool", tool_call_id: "toolu_2", content: [{ type: "text", text: "rainy" }] },
    ] }, context(model));
    expect(completion.choices[0]?.message.content).toBe("Tool said: rainy");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(sent(model).body.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "weather in Paris and Rome?" }] },
      { role: "assistant", content: [
        { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
        { type: "tool_use", id: "toolu_2", name: "get_weather", input: { city: "Rome" } },
      ] },
      { role: "user", content: [
        { type: "tool_result", tool_use_id: "toolu_1", content: "sunny" },
        { type: "tool_result", tool_use_id: "toolu_2", content: "rainy" },
      ] },
    ]);
  });
});

const citySchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "CityInfo",
  type: "object",
  properties: {
    city: { type: "string", description: "The city's name" },
    population: { type: "integer" },
    tags: { type: "array", items: { type: "string" } },
    location: { type: "object", properties: { lat: { type: "number" }, lon: { type: "number" } }, required: ["lat", "lon"] },
  },
  required: ["city", "population", "tags", "location"],
  additionalProperties: false,
};
const cityFormat = { type: "json_schema", json_schema: { name: "city_info", strict: true, schema: citySchema } } as const;

function expectCity(text: string | null | undefined): void {
  const value = JSON.parse(text ?? "") as Record<string, unknown>;
  expect(Object.keys(value).sort()).toEqual(["city", "location", "population", "tags"]);
  expect(typeof value.city).toBe("string");
  expect(Number.isInteger(value.population)).toBe(true);
  expect(Array.isArray(value.tags)).toBe(true);
  expect(value.location).toEqual({ lat: expect.any(Number), lon: expect.any(Number) });
}

describe("anthropic adapter: structured output", () => {
  it("honours a client's json_schema natively and returns JSON text", async () => {
    const model = "claude-sonnet-5~id=json-schema";
    const completion = await adapter.chat(ask("tell me about Paris", { response_format: cityFormat }), context(model));
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expectCity(completion.choices[0]?.message.content);
    const { body } = sent(model);
    expect(body.tools).toBeUndefined();
    const format = (body.output_config as { format: { type: string; schema: Record<string, unknown> } }).format;
    expect(format.type).toBe("json_schema");
    expect(format.schema.$schema).toBeUndefined();
    expect(format.schema.additionalProperties).toBe(false);
    expect((format.schema.properties as Record<string, Record<string, unknown>>).location?.additionalProperties).toBe(false);
  });

  it("streams a json_schema answer as JSON text", async () => {
    const chunks = await collect(adapter.stream(ask("tell me about Paris", { stream: true, response_format: cityFormat }), context("claude-sonnet-5~id=json-schema-stream")));
    expectCity(contentOf(chunks));
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
  });

  it("answers json_object through a forced tool whose input becomes the text", async () => {
    const model = "claude-sonnet-5~id=json-object";
    const completion = await adapter.chat(ask("give me json", { response_format: { type: "json_object" } }), context(model));
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("stop");
    expect(choice.message.tool_calls).toBeUndefined();
    expect(typeof JSON.parse(choice.message.content ?? "")).toBe("object");
    const { body } = sent(model);
    expect(body.tool_choice).toEqual({ type: "tool", name: "json_response" });
    expect(body.system).toMatch(/JSON object/);
  });

  it("streams json_object as text, not as a tool call", async () => {
    const chunks = await collect(adapter.stream(ask("give me json", { stream: true, response_format: { type: "json_object" } }), context("claude-sonnet-5~id=json-object-stream")));
    expect(chunks.some((c) => c.choices[0]?.delta.tool_calls)).toBe(false);
    expect(typeof JSON.parse(contentOf(chunks))).toBe("object");
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
  });
});

describe("anthropic adapter: failures", () => {
  it("maps a 400 to bad_request, with a message safe to show", async () => {
    const error = await upstreamFailure(() => adapter.chat(ask("hi"), context("claude-haiku-5~status=400")));
    expect(error).toMatchObject({ provider: "anthropic", kind: "bad_request", status: 400, retryable: false, fallsBack: false });
    expect(error.message).toBe("anthropic returned 400: Invalid request");
    expect(error.raw).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });

  it("maps a 401 to auth, and sends no credentials when it has no key", async () => {
    const keyless = createAnthropicAdapter({ baseURL: fake.url });
    const model = "claude-haiku-5~id=keyless";
    const error = await upstreamFailure(() => keyless.chat(ask("hi"), context(model)));
    expect(error).toMatchObject({ kind: "auth", status: 401, fallsBack: true });
    expect(sent(model).headers.authorization).toBeUndefined();
    expect(sent(model).headers["x-api-key"]).toBeUndefined();
  });

  it("maps a 429 to rate_limit with its Retry-After", async () => {
    const error = await upstreamFailure(() => adapter.chat(ask("hi"), context("claude-haiku-5~status=429~retryAfter=2")));
    expect(error).toMatchObject({ kind: "rate_limit", status: 429, retryAfterMs: 2000, retryable: true });
  });

  it("maps a 529 to overloaded, retryable", async () => {
    const error = await upstreamFailure(() => adapter.chat(ask("hi"), context("claude-haiku-5~status=529")));
    expect(error).toMatchObject({ kind: "overloaded", status: 529, retryable: true, message: "anthropic returned 529: Overloaded" });
  });

  it.each(["claude-haiku-5~quota", "claude-haiku-5~status=429~quota"])("maps an exhausted credit balance (%s) to quota_exhausted", async (model) => {
    const error = await upstreamFailure(() => adapter.chat(ask("hi"), context(model)));
    expect(error).toMatchObject({ kind: "quota_exhausted", retryable: false, fallsBack: true });
  });

  it("maps a refused connection to connection, retryable", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const nowhere = createAnthropicAdapter({ apiKey: "test-key", baseURL: `http://127.0.0.1:${port}` });
    const error = await upstreamFailure(() => nowhere.chat(ask("hi"), context("claude-haiku-5")));
    expect(error).toMatchObject({ kind: "connection", retryable: true });
  });

  it("maps a stream cut after some text to stream_cut, after yielding that text", async () => {
    const received: ChatCompletionChunk[] = [];
    const error = await upstreamFailure(async () => {
      for await (const chunk of adapter.stream(ask("one two three four five", { stream: true }), context("claude-haiku-5~cutAfter=2"))) received.push(chunk);
    });
    expect(error).toMatchObject({ kind: "stream_cut", fallsBack: true, retryable: false });
    expect(contentOf(received)).toBe("Echo: one ");
  });

  it("maps an error event before any content by its type, so it can be retried", async () => {
    const received: ChatCompletionChunk[] = [];
    const error = await upstreamFailure(async () => {
      for await (const chunk of adapter.stream(ask("hi", { stream: true }), context("claude-haiku-5~status=529~sseError"))) received.push(chunk);
    });
    expect(received).toEqual([]);
    expect(error).toMatchObject({ kind: "overloaded", retryable: true });
  });

  it("maps an error event after content to stream_cut", async () => {
    const error = await upstreamFailure(() => collect(adapter.stream(ask("one two three four", { stream: true }), context("claude-haiku-5~status=529~sseError=2"))));
    expect(error.kind).toBe("stream_cut");
  });

  it("throws the signal's reason when a request is aborted", async () => {
    const controller = new AbortController();
    const reason = new Error("deadline");
    setTimeout(() => controller.abort(reason), 50);
    expect(await failure(() => adapter.chat(ask("hi"), context("claude-haiku-5~hang", controller.signal)))).toBe(reason);
  });

  it("throws the signal's reason when a stream is aborted mid-way", async () => {
    const controller = new AbortController();
    const reason = new Error("client went away");
    const received: ChatCompletionChunk[] = [];
    const error = await failure(async () => {
      for await (const chunk of adapter.stream(ask("one two three four five", { stream: true }), context("claude-haiku-5~chunkMs=200", controller.signal))) {
        received.push(chunk);
        controller.abort(reason);
      }
    });
    expect(error).toBe(reason);
    expect(received.length).toBeLessThan(4);
  });

  it("returns a refusal as finish_reason content_filter rather than throwing", async () => {
    const completion = await adapter.chat(ask("something bad"), context("claude-haiku-5~refuse"));
    expect(completion.choices[0]).toMatchObject({ finish_reason: "content_filter", message: { content: null, refusal: "The fake declines." } });
    const chunks = await collect(adapter.stream(ask("something bad", { stream: true }), context("claude-haiku-5~refuse~id=stream")));
    expect(contentOf(chunks)).toBe("");
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("content_filter");
    expect(chunks.at(-1)?.usage).toBeTruthy();
  });
});
