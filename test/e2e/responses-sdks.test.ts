import { createOpenAI } from "@ai-sdk/openai";
import { ToolMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { generateText, jsonSchema, isStepCount, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAllFakes, type AllFakes } from "../fakes/start-all-fakes.ts";
import { serveGateway, type ServedGateway } from "./served-gateway.ts";

// The served gateway's /v1/responses driven by the two clients that speak it by default: the AI SDK's
// OpenAI provider and LangChain's ChatOpenAI with useResponsesApi.
let fakes: AllFakes & { env: Record<string, string> };
let gateway: ServedGateway;
let token: string;

beforeAll(async () => {
  fakes = await startAllFakes();
  gateway = await serveGateway({ ...fakes.env, CACHE_DEFAULT: "off", LLM_PROFILES: JSON.stringify({
    defaultProfile: "fast",
    profiles: {
      fast: { candidates: [{ provider: "openai", model: "gpt-fake" }] },
      cheap: { candidates: [{ provider: "anthropic", model: "claude-fake" }] },
    },
  }) });
  const login = await fetch(`${gateway.url}/dev/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sub: "e2e-responses", plan: "pro" }) });
  ({ token } = (await login.json()) as { token: string });
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([fakes?.openai, fakes?.anthropic, fakes?.google].map((fake) => fake?.close()));
});

const weatherSchema = { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false } as const;

describe("the AI SDK's OpenAI provider (Responses API) against the served gateway", () => {
  const provider = () => createOpenAI({ baseURL: `${gateway.url}/v1`, apiKey: token });

  it("generates text, with the gateway's headers on the response", async () => {
    const result = await generateText({ model: provider()("fast"), prompt: "hello there" });
    expect(result.text).toBe("Echo: hello there");
    expect(result.response.headers?.["x-chorus-provider"]).toBe("openai");
    expect(result.usage.outputTokens).toBe(3);
  });

  it("streams text", async () => {
    const result = streamText({ model: provider()("cheap"), prompt: "stream me five words" });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe("Echo: stream me five words");
    expect((await result.response).headers?.["x-chorus-provider"]).toBe("anthropic");
  });

  it("runs a tool loop: the call, the tool's result sent back, the final answer", async () => {
    const result = await generateText({
      model: provider()("fast"),
      prompt: "weather in Oslo?",
      tools: { get_weather: tool({ inputSchema: jsonSchema<{ city: string }>(weatherSchema), execute: async ({ city }) => `sunny in ${city}` }) },
      stopWhen: isStepCount(2),
      // Chorus stores no responses: the AI SDK must send whole items, not references to stored ones.
      providerOptions: { openai: { store: false } },
    });
    expect(result.steps[0]?.toolCalls[0]).toMatchObject({ toolName: "get_weather", input: { city: "city-example" } });
    expect(result.text).toBe("Tool said: sunny in city-example");
  });
});

describe("LangChain's ChatOpenAI with useResponsesApi against the served gateway", () => {
  const model = (name = "fast") => new ChatOpenAI({ model: name, apiKey: token, configuration: { baseURL: `${gateway.url}/v1` }, useResponsesApi: true, maxRetries: 0 });

  it("invokes", async () => {
    const message = await model().invoke("hello there");
    expect(message.text).toBe("Echo: hello there");
    expect(message.usage_metadata?.output_tokens).toBe(3);
  });

  it("streams", async () => {
    let text = "";
    for await (const chunk of await model("cheap").stream("stream me five words")) text += chunk.text;
    expect(text).toBe("Echo: stream me five words");
  });

  it("calls a bound tool and takes its result back", async () => {
    const llm = model().bindTools([{ type: "function", function: { name: "get_weather", description: "The weather in a city", parameters: weatherSchema } }]);
    const first = await llm.invoke("weather in Oslo?");
    const call = first.tool_calls?.[0];
    expect(call).toMatchObject({ name: "get_weather", args: { city: "city-example" } });
    const result = new ToolMessage({ tool_call_id: call!.id!, content: `sunny in ${String(call!.args.city)}` });
    const second = await llm.invoke([{ role: "user", content: "weather in Oslo?" }, first, result]);
    expect(second.text).toBe("Tool said: sunny in city-example");
  });
});
