import { createServer } from "node:net";
import { UpstreamError, type ChatAdapter, type ChatCompletionChunk, type ChatRequest, type FunctionTool } from "@chorus/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpenAIAdapter } from "../../packages/providers/src/openai/index.ts";
import type { FakeServer } from "../fakes/fake-server.ts";
import { startOpenAIFake } from "../fakes/openai-fake.ts";

const API_KEY = "sk-test-chorus";

let fake: FakeServer;
let openai: ChatAdapter;
let sequence = 0;

beforeAll(async () => {
  fake = await startOpenAIFake();
  // One adapter for the whole file, as the gateway keeps one per isolate.
  openai = createOpenAIAdapter({ apiKey: API_KEY, baseURL: `${fake.url}/v1`, headers: { "x-chorus-test": "yes" } });
});

afterAll(() => fake.close());

/** A model id no other test uses, so the fake's records and counters stay this test's own. */
function modelId(directives = ""): string {
  return `gpt-5.4-mini${directives}~id=${++sequence}`;
}

function context(model: string, signal: AbortSignal = new AbortController().signal) {
  return { model, signal };
}

/** `model` is a profile name here: the adapter must send `context.model` instead. */
function ask(text: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: "fast", messages: [{ role: "user", content: text }], ...extra };
}

function sentBody(model: string): Record<string, unknown> {
  const request = fake.requests.findLast((recorded) => (recorded.body as { model?: string } | undefined)?.model === model);
  if (!request) throw new Error(`the fake received no request for ${model}`);
  return request.body as Record<string, unknown>;
}

function sentHeaders(model: string) {
  return fake.requests.findLast((recorded) => (recorded.body as { model?: string } | undefined)?.model === model)?.headers;
}

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<{ chunks: ChatCompletionChunk[]; error?: unknown }> {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
  } catch (error) {
    return { chunks, error };
  }
  return { chunks };
}

async function upstreamFailure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

function textOf(chunks: ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
}

const weatherTool: FunctionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city", "days"] },
  },
};
const timeTool: FunctionTool = {
  type: "function",
  function: { name: "get_time", parameters: { type: "object", properties: { zone: { type: "string" } } } },
};

describe("openai adapter: chat", () => {
  it("answers a plain chat with text, stop, the upstream's model and usage with its details", async () => {
    const model = modelId();
    const completion = await openai.chat(
      { model: "fast", messages: [{ role: "system", content: "be brief" }, { role: "user", content: "hello there" }] },
      context(model),
    );
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe(model);
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]).toMatchObject({ index: 0, message: { role: "assistant", content: "Echo: hello there" }, finish_reason: "stop" });
    expect(completion.usage).toEqual({
      prompt_tokens: 4, completion_tokens: 3, total_tokens: 7,
      prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it("sends the request as OpenAI's wire body, with context.model, the key and the configured headers", async () => {
    const model = modelId();
    await openai.chat(ask("hi", { temperature: 0.2, max_completion_tokens: 50, seed: 7, stop: ["END"], user: "u-1" }), context(model));
    const body = sentBody(model);
    expect(body).toEqual({
      model, messages: [{ role: "user", content: "hi" }], temperature: 0.2, max_completion_tokens: 50, seed: 7, stop: ["END"], user: "u-1",
    });
    const headers = sentHeaders(model);
    expect(headers?.authorization).toBe(`Bearer ${API_KEY}`);
    expect(headers?.["x-chorus-test"]).toBe("yes");
  });

  it("leaves stream_options out of a request that does not stream, which OpenAI would reject", async () => {
    const model = modelId();
    await openai.chat(ask("hi", { stream: false, stream_options: { include_usage: true } }), context(model));
    expect(sentBody(model)).not.toHaveProperty("stream_options");
    expect(sentBody(model).stream).not.toBe(true);
  });

  it("returns a refusal as content_filter instead of throwing", async () => {
    const completion = await openai.chat(ask("something forbidden"), context(modelId("~refuse")));
    expect(completion.choices[0]?.finish_reason).toBe("content_filter");
    expect(completion.choices[0]?.message.content).toBeNull();
  });
});

describe("openai adapter: streaming", () => {
  it("yields chunks that concatenate to the answer, the finish reason, then a usage-only chunk", async () => {
    const model = modelId();
    const { chunks, error } = await collect(openai.stream(ask("tell me a short story please", { stream: true }), context(model)));
    expect(error).toBeUndefined();
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: "assistant", content: "", refusal: null });
    expect(textOf(chunks)).toBe("Echo: tell me a short story please");
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBeGreaterThan(2);
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage).toMatchObject({ prompt_tokens: 6, completion_tokens: 7, total_tokens: 13 });
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.every((chunk) => chunk.model === model)).toBe(true);
  });

  it("always asks upstream for usage, even when the client said no", async () => {
    const model = modelId();
    await collect(openai.stream(ask("hi", { stream: true, stream_options: { include_usage: false } }), context(model)));
    expect(sentBody(model)).toMatchObject({ model, stream: true, stream_options: { include_usage: true } });
  });

  it("ends a refused stream with content_filter and no content", async () => {
    const { chunks, error } = await collect(openai.stream(ask("something forbidden"), context(modelId("~refuse"))));
    expect(error).toBeUndefined();
    expect(textOf(chunks)).toBe("");
    expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter(Boolean)).toEqual(["content_filter"]);
  });

  it("turns a stream cut after its first chunks into stream_cut, after yielding those chunks", async () => {
    const { chunks, error } = await collect(openai.stream(ask("one two three four five six"), context(modelId("~cutAfter=2"))));
    expect(textOf(chunks)).toBe("Echo: one ");
    expect(chunks).toHaveLength(3);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: "stream_cut", provider: "openai" });
  });

  it("reports an upstream error before the first chunk by its status, not as a cut", async () => {
    const { chunks, error } = await collect(openai.stream(ask("hi"), context(modelId("~status=503"))));
    expect(chunks).toEqual([]);
    expect(error).toMatchObject({ kind: "server", status: 503 });
  });

  it("treats a stream that ends cleanly without a finish reason as cut", async () => {
    const chunk = { id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content: "Hal" }, finish_reason: null }] };
    const truncated: typeof globalThis.fetch = async () =>
      new Response(`data: ${JSON.stringify(chunk)}\n\n`, { headers: { "content-type": "text/event-stream" } });
    const adapter = createOpenAIAdapter({ apiKey: API_KEY, baseURL: "http://upstream.invalid/v1", fetch: truncated });
    const { chunks, error } = await collect(adapter.stream(ask("hi"), context("m")));
    expect(textOf(chunks)).toBe("Hal");
    expect(error).toMatchObject({ kind: "stream_cut" });
  });
});

describe("openai adapter: tools and structured output", () => {
  it("returns a tool call with the tool's name and JSON arguments, and forwards tools and tool_choice", async () => {
    const model = modelId();
    const completion = await openai.chat(ask("weather in Oslo?", { tools: [weatherTool], tool_choice: "auto", parallel_tool_calls: false }), context(model));
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.content).toBeNull();
    expect(choice?.message.tool_calls).toHaveLength(1);
    const call = choice?.message.tool_calls?.[0];
    expect(call).toMatchObject({ id: "call_get_weather_1", type: "function", function: { name: "get_weather" } });
    expect(JSON.parse(call?.function.arguments ?? "")).toEqual({ city: "city-example", days: 42 });
    expect(sentBody(model)).toMatchObject({ tools: [weatherTool], tool_choice: "auto", parallel_tool_calls: false });
  });

  it("calls the tool that tool_choice names", async () => {
    const toolChoice = { type: "function", function: { name: "get_time" } } as const;
    const completion = await openai.chat(ask("what time is it?", { tools: [weatherTool, timeTool], tool_choice: toolChoice }), context(modelId()));
    expect(completion.choices[0]?.message.tool_calls?.[0]?.function.name).toBe("get_time");
  });

  it("streams tool-call deltas that reassemble into the name and JSON arguments", async () => {
    const { chunks, error } = await collect(openai.stream(ask("weather in Oslo?", { tools: [weatherTool] }), context(modelId())));
    expect(error).toBeUndefined();
    const deltas = chunks.flatMap((chunk) => chunk.choices.flatMap((choice) => choice.delta.tool_calls ?? []));
    const calls = new Map<number, { id?: string; name: string; arguments: string }>();
    for (const delta of deltas) {
      const call = calls.get(delta.index) ?? { name: "", arguments: "" };
      calls.set(delta.index, {
        id: call.id ?? delta.id,
        name: call.name + (delta.function?.name ?? ""),
        arguments: call.arguments + (delta.function?.arguments ?? ""),
      });
    }
    expect(deltas.filter((delta) => delta.function?.arguments).length).toBeGreaterThanOrEqual(2);
    expect([...calls.values()]).toHaveLength(1);
    const call = calls.get(0);
    expect(call?.id).toBe("call_get_weather_1");
    expect(call?.name).toBe("get_weather");
    expect(JSON.parse(call?.arguments ?? "")).toEqual({ city: "city-example", days: 42 });
    expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter(Boolean)).toEqual(["tool_calls"]);
  });

  it("sends a tool result back and gets the model's answer to it", async () => {
    const completion = await openai.chat({
      model: "fast",
      tools: [weatherTool],
      messages: [
        { role: "user", content: "weather in Oslo?" },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo","days":1}' } }] },
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
      ],
    }, context(modelId()));
    expect(completion.choices[0]?.message.content).toBe("Tool said: sunny");
  });

  it("answers json_schema with JSON matching the schema, and forwards the schema as the client sent it", async () => {
    const model = modelId();
    const responseFormat = {
      type: "json_schema",
      json_schema: {
        name: "trip", strict: true,
        schema: {
          $schema: "http://json-schema.org/draft-07/schema#", title: "Trip", type: "object", additionalProperties: false,
          properties: { destination: { type: "string" }, nights: { type: "integer" } }, required: ["destination", "nights"],
        },
      },
    } as const;
    const completion = await openai.chat(ask("plan a trip", { response_format: responseFormat }), context(model));
    expect(JSON.parse(completion.choices[0]?.message.content ?? "")).toEqual({ destination: "destination-example", nights: 42 });
    expect(sentBody(model).response_format).toEqual(responseFormat);
  });

  it("answers json_object with a JSON object", async () => {
    const model = modelId();
    const completion = await openai.chat(ask("give me json", { response_format: { type: "json_object" } }), context(model));
    expect(JSON.parse(completion.choices[0]?.message.content ?? "")).toEqual({ echo: "give me json" });
    expect(sentBody(model).response_format).toEqual({ type: "json_object" });
  });
});

describe("openai adapter: errors", () => {
  it.each([
    ["~status=400", { kind: "bad_request", status: 400, retryable: false, fallsBack: false }],
    ["~status=404", { kind: "bad_request", status: 404, retryable: false, fallsBack: false }],
    ["~status=401", { kind: "auth", status: 401, retryable: false, fallsBack: true }],
    ["~status=429~retryAfter=2", { kind: "rate_limit", status: 429, retryable: true, retryAfterMs: 2000 }],
    ["~quota", { kind: "quota_exhausted", status: 429, retryable: false, fallsBack: true }],
    ["~status=500", { kind: "server", status: 500, retryable: true }],
    ["~status=503", { kind: "server", status: 503, retryable: true }],
  ] as const)("maps %s to %o", async (directives, expected) => {
    const error = await upstreamFailure(openai.chat(ask("hi"), context(modelId(directives))));
    expect(error.provider).toBe("openai");
    expect({ kind: error.kind, status: error.status, retryable: error.retryable }).toMatchObject({ kind: expected.kind, status: expected.status, retryable: expected.retryable });
    if ("fallsBack" in expected) expect(error.fallsBack).toBe(expected.fallsBack);
    if ("retryAfterMs" in expected) expect(error.retryAfterMs).toBe(expected.retryAfterMs);
  });

  it("says what upstream said in a message fit for the client and keeps the body in raw", async () => {
    const error = await upstreamFailure(openai.chat(ask("hi"), context(modelId("~status=400"))));
    expect(error.message).toBe("openai returned 400: Invalid value for 'messages': the fake was told to reject this request.");
    expect(error.raw).toMatchObject({ type: "invalid_request_error", message: expect.stringContaining("Invalid value") });
  });

  it("never quotes an auth error's upstream text, which can show part of the key", async () => {
    const error = await upstreamFailure(openai.chat(ask("hi"), context(modelId("~status=401"))));
    expect(error.message).not.toContain("sk-");
    expect(error.message).toContain("401");
    expect(error.raw).toMatchObject({ code: "invalid_api_key" });
  });

  it("maps a refused connection to connection", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const unreachable = createOpenAIAdapter({ apiKey: API_KEY, baseURL: `http://127.0.0.1:${port}/v1` });
    const error = await upstreamFailure(unreachable.chat(ask("hi"), context(modelId())));
    expect(error.kind).toBe("connection");
    expect(error.retryable).toBe(true);
  });

  it("does not retry inside the SDK: the router owns retries", async () => {
    const model = modelId("~status=503~times=1");
    await upstreamFailure(openai.chat(ask("hi"), context(model)));
    expect(fake.requests.filter((recorded) => (recorded.body as { model?: string }).model === model)).toHaveLength(1);
  });
});

describe("openai adapter: abort", () => {
  it("throws the signal's own reason when a waiting chat is aborted", async () => {
    const controller = new AbortController();
    const reason = new Error("deadline reached");
    setTimeout(() => controller.abort(reason), 50);
    await expect(openai.chat(ask("hi"), context(modelId("~hang"), controller.signal))).rejects.toBe(reason);
  });

  it("throws the signal's own reason when a stream is aborted before its first chunk", async () => {
    const controller = new AbortController();
    const reason = new Error("first token timeout");
    setTimeout(() => controller.abort(reason), 50);
    const { chunks, error } = await collect(openai.stream(ask("hi"), context(modelId("~hang"), controller.signal)));
    expect(chunks).toEqual([]);
    expect(error).toBe(reason);
  });

  it("throws the signal's own reason, not a cut, when a stream is aborted mid-way", async () => {
    const controller = new AbortController();
    const reason = new Error("client left");
    const chunks: ChatCompletionChunk[] = [];
    const consume = async () => {
      for await (const chunk of openai.stream(ask("one two three four five"), context(modelId("~chunkMs=200"), controller.signal))) {
        chunks.push(chunk);
        if (chunk.choices[0]?.delta.content) controller.abort(reason);
      }
    };
    await expect(consume()).rejects.toBe(reason);
    expect(textOf(chunks)).toBe("Echo: ");
  });
});

describe("openai adapter: embeddings", () => {
  it("returns one deterministic float vector per input, with usage, asking the wire for floats", async () => {
    const model = modelId();
    const response = await openai.embed!({ model: "text-embedding-3-small", input: ["alpha beta", "gamma"] }, context(model));
    expect(response.object).toBe("list");
    expect(response.data.map((item) => item.index)).toEqual([0, 1]);
    const [first, second] = response.data.map((item) => item.embedding);
    expect(Array.isArray(first) && first.length === 8 && first.every((value) => typeof value === "number")).toBe(true);
    expect(second).not.toEqual(first);
    const again = await openai.embed!({ model: "text-embedding-3-small", input: "alpha beta" }, context(modelId()));
    expect(again.data[0]?.embedding).toEqual(first);
    expect(response.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    expect(sentBody(model)).toEqual({ model, input: ["alpha beta", "gamma"], encoding_format: "float" });
  });

  it("passes base64 through when the client asks for it", async () => {
    const response = await openai.embed!({ model: "text-embedding-3-small", input: "alpha", encoding_format: "base64" }, context(modelId()));
    const embedding = response.data[0]?.embedding;
    expect(typeof embedding).toBe("string");
    // 8 float32 values, as the fake embeds in 8 dimensions.
    expect(Buffer.from(String(embedding), "base64").byteLength).toBe(32);
  });

  it("maps embedding errors like chat errors", async () => {
    const error = await upstreamFailure(openai.embed!({ model: "e", input: "x" }, context(modelId("~status=429~retryAfter=1"))));
    expect(error).toMatchObject({ kind: "rate_limit", retryAfterMs: 1000 });
  });
});

describe("createOpenAIAdapter", () => {
  it("refuses to build without a key rather than falling back to the SDK's OPENAI_API_KEY", () => {
    expect(() => createOpenAIAdapter({ baseURL: `${fake.url}/v1` })).toThrow(/API key/);
  });
});
