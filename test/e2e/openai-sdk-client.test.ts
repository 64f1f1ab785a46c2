import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAllFakes, type AllFakes } from "../fakes/start-all-fakes.ts";
import { serveGateway, type ServedGateway } from "./served-gateway.ts";

// The served gateway (as `npm start` runs it) driven by the official openai SDK, as users' apps do.
let fakes: AllFakes;
let gateway: ServedGateway;
let client: OpenAI;

beforeAll(async () => {
  const started = await startAllFakes();
  fakes = started;
  gateway = await serveGateway({ ...started.env, LLM_PROFILES: JSON.stringify({
    // As config/llm-profiles.json has it: `npm start` must pass a `$` on to the Worker as it is, not as a shell variable.
    $comment: "copied from the bundled file, $-signs and all: $HOME ${HOME}",
    defaultProfile: "fast",
    profiles: {
      fast: { candidates: [{ provider: "openai", model: "gpt-fake~status=503~id=e2e-fallback" }, { provider: "anthropic", model: "claude-fake" }] },
      cheap: { candidates: [{ provider: "google", model: "gemini-fake" }] },
    },
  }) });
  const login = await fetch(`${gateway.url}/dev/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sub: "e2e-user", plan: "pro" }) });
  const { token } = (await login.json()) as { token: string };
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: token, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([fakes?.openai, fakes?.anthropic, fakes?.google].map((fake) => fake?.close()));
});

describe("served gateway, openai SDK as the client", () => {
  it("answers a plain chat through a profile, falling back past a failing provider", async () => {
    const { data, response } = await client.chat.completions
      .create({ model: "fast", messages: [{ role: "user", content: "hello there" }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe("Echo: hello there");
    expect(response.headers.get("x-chorus-provider")).toBe("anthropic");
    expect(response.headers.get("x-chorus-profile")).toBe("fast");
    expect(response.headers.get("x-chorus-fallback")).toBe("openai:503");
    expect(Number(response.headers.get("x-chorus-attempts"))).toBeGreaterThanOrEqual(2);
  });

  it("streams, and the SDK reassembles the text and reads the usage chunk", async () => {
    const stream = await client.chat.completions.create({
      model: "openai/gpt-fake",
      messages: [{ role: "user", content: "stream me five words" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("Echo: stream me five words");
    expect(usage?.completion_tokens).toBe(5);
  });

  it("calls tools and takes the tool result back, on a non-OpenAI provider", async () => {
    const tools: OpenAI.ChatCompletionTool[] = [{
      type: "function",
      function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
    }];
    const first = await client.chat.completions.create({ model: "cheap", messages: [{ role: "user", content: "weather?" }], tools });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    expect(call?.type === "function" && call.function.name).toBe("get_weather");
    expect(JSON.parse(call?.type === "function" ? call.function.arguments : "{}")).toEqual({ city: "city-example" });

    const second = await client.chat.completions.create({
      model: "cheap",
      tools,
      messages: [
        { role: "user", content: "weather?" },
        { role: "assistant", content: null, tool_calls: first.choices[0]!.message.tool_calls! },
        { role: "tool", tool_call_id: call!.id, content: "sunny" },
      ],
    });
    expect(second.choices[0]?.message.content).toBe("Tool said: sunny");
  });

  it("refuses a caller without a token, in a shape the SDK understands", async () => {
    const anonymous = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: "not-a-token", maxRetries: 0 });
    const error = await anonymous.chat.completions.create({ model: "fast", messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("answers bad input with an OpenAI-shaped error the SDK understands", async () => {
    const error = await client.chat.completions.create({ model: "no-such-profile", messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe("model_not_found");
  });

  it("serves the web console at / and the demo model by name", async () => {
    const page = await fetch(`${gateway.url}/`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("<title>Chorus console</title>");
    const demo = await client.chat.completions.create({ model: "demo/chorus-demo", messages: [{ role: "user", content: "hi" }] });
    expect(demo.choices[0]?.message.content).toContain("[demo model]");
  });
});
