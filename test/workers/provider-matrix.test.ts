import { describe, expect, it } from "vitest";
import { chat, finishReason, readSse, streamedText, streamedToolCalls } from "./gateway-client.ts";

// Every provider, through the real Worker and the real SDKs, against fakes speaking each wire format.
const PROVIDERS = ["openai", "anthropic", "google", "groq", "local"] as const;
const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city"], additionalProperties: false },
  },
};
const personSchema = {
  type: "json_schema",
  json_schema: {
    name: "person",
    strict: true,
    schema: {
      $schema: "http://json-schema.org/draft-07/schema#",
      title: "Person",
      type: "object",
      properties: { name: { type: "string" }, age: { type: "integer" }, tags: { type: "array", items: { type: "string" } } },
      required: ["name", "age", "tags"],
      additionalProperties: false,
    },
  },
};

describe.each(PROVIDERS)("%s through the gateway", (provider) => {
  const model = `${provider}/fake-model`;

  it("answers a plain request with the contract's headers", async () => {
    const res = await chat({ model, messages: [{ role: "system", content: "be brief" }, { role: "user", content: "hello world" }] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { object: string; model: string; choices: { message: { content: string }; finish_reason: string }[]; usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } };
    expect(body.object).toBe("chat.completion");
    expect(body.choices[0]!.message.content).toBe("Echo: hello world");
    expect(body.choices[0]!.finish_reason).toBe("stop");
    expect(body.model).toBe("fake-model");
    expect(body.usage.completion_tokens).toBeGreaterThanOrEqual(3);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    expect(res.headers.get("x-chorus-provider")).toBe(provider);
    expect(res.headers.get("x-chorus-model")).toBe("fake-model");
    expect(res.headers.get("x-chorus-profile")).toBe("direct");
    expect(res.headers.get("x-chorus-attempts")).toBe("1");
    expect(res.headers.get("x-chorus-fallback")).toBeNull();
    expect(res.headers.get("x-chorus-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("streams SSE ending in [DONE], usage only when asked", async () => {
    const res = await chat({ model, stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "one two three" }] });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const { events, done } = await readSse(res);
    expect(done).toBe(true);
    expect(streamedText(events)).toBe("Echo: one two three");
    expect(finishReason(events)).toBe("stop");
    const last = events.at(-1) as { choices: unknown[]; usage: { completion_tokens: number } };
    expect(last.choices).toEqual([]);
    expect(last.usage.completion_tokens).toBeGreaterThanOrEqual(4);

    const plain = await readSse(await chat({ model, stream: true, messages: [{ role: "user", content: "one two three" }] }));
    expect(plain.events.some((event) => "usage" in event && event.usage)).toBe(false);
    expect(streamedText(plain.events)).toBe("Echo: one two three");
  });

  it("calls tools, plain and streamed", async () => {
    const res = await chat({ model, tools: [weatherTool], tool_choice: "auto" });
    const body = (await res.json()) as { choices: { message: { tool_calls: { id: string; function: { name: string; arguments: string } }[] }; finish_reason: string }[] };
    expect(body.choices[0]!.finish_reason).toBe("tool_calls");
    const call = body.choices[0]!.message.tool_calls[0]!;
    expect(call.function.name).toBe("get_weather");
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "city-example", days: 42 });
    expect(call.id).toBeTruthy();

    const streamed = await readSse(await chat({ model, stream: true, tools: [weatherTool], tool_choice: { type: "function", function: { name: "get_weather" } } }));
    const [streamedCall] = streamedToolCalls(streamed.events);
    expect(streamedCall?.name).toBe("get_weather");
    expect(JSON.parse(streamedCall!.arguments)).toEqual({ city: "city-example", days: 42 });
    expect(finishReason(streamed.events)).toBe("tool_calls");
  });

  it("honours json_schema as clients send it", async () => {
    const res = await chat({ model, response_format: personSchema });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(JSON.parse(body.choices[0]!.message.content)).toEqual({ name: "name-example", age: 42, tags: ["tags-example"] });
  });

  it("honours json_object", async () => {
    const res = await chat({ model, response_format: { type: "json_object" }, messages: [{ role: "user", content: "give json" }] });
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(typeof JSON.parse(body.choices[0]!.message.content)).toBe("object");
  });

  it("returns the caller's own mistakes (400) without retry or fallback", async () => {
    const res = await chat({ model: `${model}~status=400` });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { type: string; code: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.code).toBe("upstream_error");
    expect(body.error.message).not.toMatch(/at .*\.ts/);
  });

  it("retries a 503 and then reports 502 upstream_error", async () => {
    const res = await chat({ model: `${model}~status=503` });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string; type: string } }).error).toMatchObject({ code: "upstream_error", type: "api_error" });
  });

  it("recovers from a 503 by retrying the same candidate", async () => {
    const res = await chat({ model: `${model}~status=503~times=1~id=${crypto.randomUUID()}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-attempts")).toBe("2");
  });

  it("retries a 429 honouring Retry-After", async () => {
    const res = await chat({ model: `${model}~status=429~retryAfter=0~times=1~id=${crypto.randomUUID()}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-attempts")).toBe("2");
  });

  it("does not retry an exhausted quota", async () => {
    const res = await chat({ model: `${model}~quota~times=1~id=${crypto.randomUUID()}` });
    expect(res.status).toBe(502);
  });

  it("times out a hung upstream with 504 upstream_timeout", async () => {
    const res = await chat({ model: `${model}~hang` }, { env: { UPSTREAM_TIMEOUT_MS: "300" } });
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("upstream_timeout");
    expect(res.headers.get("x-chorus-request-id")).toBeTruthy();
  });

  it("ends a stream cut after its first byte with an error event and [DONE]", async () => {
    const res = await chat({ model: `${model}~cutAfter=2`, stream: true, messages: [{ role: "user", content: "a b c d e f g" }] });
    expect(res.status).toBe(200);
    const { events, done } = await readSse(res);
    expect(done).toBe(true);
    expect(streamedText(events).length).toBeGreaterThan(0);
    const error = events.at(-1) as { error?: { type: string; code: string } };
    expect(error.error).toMatchObject({ type: "api_error" });
  });
});
