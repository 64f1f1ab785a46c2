import { UpstreamError, type ChatRequest } from "@chorus/core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createGroqAdapter } from "../../packages/providers/src/groq/index.ts";
import { createLocalAdapter, LOCAL_PLACEHOLDER_API_KEY } from "../../packages/providers/src/local/index.ts";
import type { FakeServer } from "../fakes/fake-server.ts";
import { startOpenAIFake } from "../fakes/openai-fake.ts";

let fake: FakeServer;
let sequence = 0;

beforeAll(async () => {
  fake = await startOpenAIFake();
});
afterAll(() => fake.close());
afterEach(() => {
  vi.unstubAllEnvs();
});

function modelId(directives = ""): string {
  return `llama-3.3-70b-versatile${directives}~id=${++sequence}`;
}

const context = (model: string) => ({ model, signal: new AbortController().signal });
const ask = (text: string): ChatRequest => ({ model: "fast", messages: [{ role: "user", content: text }] });

function received(model: string) {
  const request = fake.requests.findLast((recorded) => (recorded.body as { model?: string } | undefined)?.model === model);
  if (!request) throw new Error(`the fake received no request for ${model}`);
  return request;
}

/** A fetch that records where the SDK sent its request and answers with a minimal completion. */
function recordingFetch() {
  const calls: { url: string; headers: Headers }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push({ url: String(input), headers: new Headers(init?.headers) });
    return Response.json({
      id: "c", object: "chat.completion", created: 1, model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: "ok", refusal: null }, logprobs: null, finish_reason: "stop" }],
    });
  };
  return { fetch, calls };
}

describe("groq adapter", () => {
  it("speaks OpenAI's wire format under /openai/v1", async () => {
    const groq = createGroqAdapter({ apiKey: "gsk_test", baseURL: `${fake.url}/openai/v1` });
    const model = modelId();
    const completion = await groq.chat(ask("hello groq"), context(model));
    expect(completion.choices[0]?.message.content).toBe("Echo: hello groq");
    expect(received(model).path).toBe("/openai/v1/chat/completions");
    expect(received(model).headers.authorization).toBe("Bearer gsk_test");
  });

  it("names groq in its errors", async () => {
    const groq = createGroqAdapter({ apiKey: "gsk_test", baseURL: `${fake.url}/openai/v1` });
    const error = await groq.chat(ask("hi"), context(modelId("~status=503"))).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ provider: "groq", kind: "server", message: expect.stringMatching(/^groq returned 503: /) });
  });

  it("calls Groq's own address by default, through the injected fetch", async () => {
    const { fetch, calls } = recordingFetch();
    await createGroqAdapter({ apiKey: "gsk_test", fetch }).chat(ask("hi"), context("llama-3.3-70b-versatile"));
    expect(calls.map((call) => call.url)).toEqual(["https://api.groq.com/openai/v1/chat/completions"]);
  });

  it("takes nothing from the OpenAI settings in the environment", async () => {
    vi.stubEnv("OPENAI_BASE_URL", "https://api.openai.com/v1");
    vi.stubEnv("OPENAI_ORG_ID", "org-platform");
    vi.stubEnv("OPENAI_PROJECT_ID", "proj-platform");
    const { fetch, calls } = recordingFetch();
    await createGroqAdapter({ apiKey: "gsk_test", fetch }).chat(ask("hi"), context("llama-3.3-70b-versatile"));
    expect(calls[0]?.url).toBe("https://api.groq.com/openai/v1/chat/completions");
    expect(calls[0]?.headers.get("openai-organization")).toBeNull();
    expect(calls[0]?.headers.get("openai-project")).toBeNull();
  });

  it("refuses to build without a key, even when OPENAI_API_KEY is set", () => {
    vi.stubEnv("OPENAI_API_KEY", "sk-platform");
    expect(() => createGroqAdapter({ baseURL: `${fake.url}/openai/v1` })).toThrow(/groq.*API key/);
  });
});

describe("local adapter", () => {
  it("works without a key, sending only the placeholder", async () => {
    vi.stubEnv("OPENAI_API_KEY", "sk-platform");
    const local = createLocalAdapter({ baseURL: `${fake.url}/v1` });
    const model = modelId();
    const completion = await local.chat(ask("hello local"), context(model));
    expect(completion.choices[0]?.message.content).toBe("Echo: hello local");
    expect(received(model).headers.authorization).toBe(`Bearer ${LOCAL_PLACEHOLDER_API_KEY}`);
  });

  it("sends LOCAL_API_KEY when one is configured", async () => {
    const local = createLocalAdapter({ baseURL: `${fake.url}/v1`, apiKey: "local-secret" });
    const model = modelId();
    await local.chat(ask("hi"), context(model));
    expect(received(model).headers.authorization).toBe("Bearer local-secret");
  });

  it("streams with usage and embeds like OpenAI", async () => {
    const local = createLocalAdapter({ baseURL: `${fake.url}/v1` });
    const chunks = [];
    for await (const chunk of local.stream(ask("stream from local"), context(modelId()))) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("Echo: stream from local");
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(7);
    const embeddings = await local.embed!({ model: "nomic-embed-text", input: "hello" }, context(modelId()));
    expect(embeddings.data[0]?.embedding).toHaveLength(8);
  });

  it("names local in its errors", async () => {
    const local = createLocalAdapter({ baseURL: `${fake.url}/v1` });
    const error = await local.chat(ask("hi"), context(modelId("~status=500"))).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ provider: "local", kind: "server", status: 500 });
  });

  it("refuses to build without a base URL", () => {
    expect(() => createLocalAdapter({})).toThrow(/base URL/);
  });
});
