import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { seenBy } from "./fake-upstream.ts";
import { call, DEFAULT_USER, gatewayFetch, tokenFor } from "./gateway-client.ts";

type Sent = { messages: { role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }[]; response_format?: unknown };

/** One fake model per test as the default profile (cache off), and the official openai SDK pointed at the gateway. */
async function clientFor(model: string, provider: "openai" | "anthropic" = "openai"): Promise<OpenAI> {
  const env = {
    CACHE_DEFAULT: "off",
    LLM_PROFILES: JSON.stringify({ defaultProfile: "compat", profiles: { compat: { candidates: [{ provider, model }] } } }),
  };
  return new OpenAI({ baseURL: "http://chorus.test/v1", apiKey: await tokenFor(DEFAULT_USER), fetch: gatewayFetch(env), maxRetries: 0 });
}

const newModel = (name: string) => `${name}-${crypto.randomUUID()}`;

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: "function", name: "get_weather", strict: true,
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
};

describe("POST /v1/responses with the openai SDK", () => {
  it("answers with a response object whose output_text is the model's answer, and the x-chorus headers", async () => {
    const model = newModel("resp-json");
    const client = await clientFor(model);
    const { data, response } = await client.responses.create({ input: "hello there", metadata: { app: "test" } }).withResponse();
    expect(data.object).toBe("response");
    expect(data.id).toMatch(/^resp_/);
    expect(data.status).toBe("completed");
    expect(data.output_text).toBe("Echo: hello there");
    expect(data.output[0]).toMatchObject({ type: "message", role: "assistant", status: "completed" });
    expect(data.model).toBe(model);
    expect(data.metadata).toEqual({ app: "test" });
    expect(data.usage).toMatchObject({ input_tokens: 2, output_tokens: 3, total_tokens: 5 });
    expect(response.headers.get("x-chorus-provider")).toBe("openai");
    expect(response.headers.get("x-chorus-model")).toBe(model);
    expect(response.headers.get("x-chorus-profile")).toBe("compat");
    expect(response.headers.get("x-chorus-cache")).toBe("bypass");
    expect(response.headers.get("x-chorus-request-id")).toBeTruthy();
  });

  it("sends instructions first and the input as the user's message to the provider", async () => {
    const model = newModel("resp-instructions");
    await (await clientFor(model)).responses.create({ input: "hi", instructions: "Answer in French." });
    const [seen] = await seenBy("openai", model);
    expect((seen!.body as unknown as Sent).messages).toEqual([{ role: "system", content: "Answer in French." }, { role: "user", content: "hi" }]);
  });

  it("streams the Responses events in order, numbered, with the deltas adding up to the answer", async () => {
    const client = await clientFor(newModel("resp-stream"));
    const stream = await client.responses.create({ input: "stream me five words", stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const types = [...new Set(events.map((event) => event.type))];
    expect(types).toEqual([
      "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
      "response.output_text.delta", "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const deltas = events.flatMap((event) => (event.type === "response.output_text.delta" ? [event.delta] : []));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("Echo: stream me five words");
    const completed = events.at(-1);
    if (completed?.type !== "response.completed") throw new Error("expected response.completed last");
    expect(completed.response.output).toMatchObject([{ type: "message", status: "completed", content: [{ type: "output_text", text: "Echo: stream me five words" }] }]);
    expect(completed.response.usage?.output_tokens).toBe(5);
  });

  it("sends SSE with event names and no [DONE]", async () => {
    const res = await call("/v1/responses", { input: "hi", stream: true }, { env: { CACHE_DEFAULT: "off" } });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text();
    expect(text.startsWith("event: response.created\ndata: {")).toBe(true);
    expect(text).not.toContain("[DONE]");
  });

  it("gives a tool call as a function_call item, then takes its output back in a follow-up", async () => {
    const model = newModel("resp-tools");
    const client = await clientFor(model);
    const first = await client.responses.create({ input: "weather in Oslo?", tools: [weatherTool] });
    const call = first.output[0];
    expect(call).toMatchObject({ type: "function_call", name: "get_weather", status: "completed" });
    if (call?.type !== "function_call") throw new Error("expected a function call");
    expect(JSON.parse(call.arguments)).toEqual({ city: "city-example" });
    expect(call.call_id).toBe("call_get_weather_1");

    const second = await client.responses.create({
      tools: [weatherTool],
      input: [{ role: "user", content: "weather in Oslo?" }, call, { type: "function_call_output", call_id: call.call_id, output: "sunny" }],
    });
    expect(second.output_text).toBe("Tool said: sunny");
    const sent = (await seenBy("openai", model))[1]!.body as unknown as Sent;
    expect(sent.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
    expect(sent.messages[2]).toMatchObject({ tool_call_id: "call_get_weather_1", content: "sunny" });
  });

  it("streams a tool call as function_call_arguments deltas, on a provider other than OpenAI", async () => {
    const client = await clientFor(newModel("claude-resp-tools"), "anthropic");
    const stream = await client.responses.create({ input: "weather?", tools: [weatherTool], stream: true });
    let args = "";
    let done: OpenAI.Responses.ResponseFunctionCallArgumentsDoneEvent | undefined;
    let added: OpenAI.Responses.ResponseOutputItem | undefined;
    for await (const event of stream) {
      if (event.type === "response.output_item.added") added = event.item;
      if (event.type === "response.function_call_arguments.delta") args += event.delta;
      if (event.type === "response.function_call_arguments.done") done = event;
    }
    expect(added).toMatchObject({ type: "function_call", name: "get_weather" });
    expect(JSON.parse(args)).toEqual({ city: "city-example" });
    expect(done?.arguments).toBe(args);
  });

  it("honours text.format json_schema: the provider is asked for that schema and the answer is JSON of it", async () => {
    const model = newModel("resp-schema");
    const schema = { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city", "days"], additionalProperties: false };
    const data = await (await clientFor(model)).responses
      .create({ input: "plan a trip", text: { format: { type: "json_schema", name: "trip", schema, strict: true } } });
    const parsed = JSON.parse(data.output_text) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(["city", "days"]);
    expect(typeof parsed.city).toBe("string");
    expect(Number.isInteger(parsed.days)).toBe(true);
    const [seen] = await seenBy("openai", model);
    expect((seen!.body as unknown as Sent).response_format).toMatchObject({ type: "json_schema", json_schema: { name: "trip", schema } });
  });

  it("refuses previous_response_id and store: true with a 400 naming the parameter", async () => {
    const client = await clientFor(newModel("resp-stateful"));
    for (const [param, body] of [["previous_response_id", { previous_response_id: "resp_123" }], ["store", { store: true }]] as const) {
      const error = await client.responses.create({ input: "hi", ...body }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({ status: 400, code: "unsupported_parameter", param });
    }
  });

  it("answers a bad body with a 400 naming the field", async () => {
    const res = await call("/v1/responses", { input: "hi", tools: [{ type: "function", name: "not a name" }] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe("tools[0].name");
  });

  it("applies the persona x-chorus-persona names, before the instructions (its constraints restated after them), and says so", async () => {
    const model = newModel("resp-persona");
    const { response } = await (await clientFor(model)).responses
      .create({ input: "hi", instructions: "Be brief." }, { headers: { "x-chorus-persona": "writer" } })
      .withResponse();
    expect(response.headers.get("x-chorus-persona")).toBe("writer");
    const [seen] = await seenBy("openai", model);
    const sent = (seen!.body as unknown as Sent).messages;
    expect(sent.map((message) => message.role)).toEqual(["system", "system", "user", "system"]);
    const writer = (await (await call("/v1/personas/writer")).json()) as { systemPrompt: string };
    expect(String(sent[0]!.content).startsWith(writer.systemPrompt.trim())).toBe(true);
    expect(sent[1]!.content).toBe("Be brief.");
  });

  it("answers an unknown persona with 404 persona_not_found", async () => {
    const error = await (await clientFor(newModel("resp-no-persona"))).responses
      .create({ input: "hi" }, { headers: { "x-chorus-persona": "no-such-persona" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ code: "persona_not_found" });
  });
});
