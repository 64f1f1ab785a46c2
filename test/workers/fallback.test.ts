import { afterEach, describe, expect, it } from "vitest";
import { resetBreakers } from "./breaker-helpers.ts";
import { chat, profiles, readSse, streamedText } from "./gateway-client.ts";
import { captureConsole } from "./capture-console.ts";
import { eventually, seenBy, type SeenRequest } from "./fake-upstream.ts";

// These tests fail providers on purpose, enough to open their circuits: each starts from fresh breakers.
afterEach(resetBreakers);

const unique = () => `id=${crypto.randomUUID()}`;

// A profile whose first candidate fails in one way and whose second is healthy.
describe("fallback to the next candidate", () => {
  const cases: [string, string, string][] = [
    ["a 503 after retries", "openai/gpt-x~status=503", "openai:503"],
    ["a 500 after retries", "google/gem-x~status=500", "google:500"],
    ["Anthropic 529 overloaded", "anthropic/claude-x~status=529", "anthropic:529"],
    ["a 429 rate limit", "groq/llama-x~status=429~retryAfter=0", "groq:429"],
    ["an exhausted quota", "openai/gpt-x~quota", "openai:429"],
    ["a refusal", "anthropic/claude-x~refuse", "anthropic:content_filter"],
    ["a rejected platform key (401)", "openai/gpt-x~status=401", "openai:401"],
  ];

  it.each(cases)("falls back on %s", async (_label, first, reason) => {
    const res = await chat({ model: "fast" }, { env: profiles({ fast: [`${first}~${unique()}`, "google/gemini-ok"] }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-provider")).toBe("google");
    expect(res.headers.get("x-chorus-model")).toBe("gemini-ok");
    expect(res.headers.get("x-chorus-profile")).toBe("fast");
    expect(res.headers.get("x-chorus-fallback")).toBe(reason);
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe("Echo: hello world");
  });

  it("falls back on a hung upstream once the attempt times out", async () => {
    const env = { ...profiles({ fast: ["openai/gpt-x~hang", "anthropic/claude-ok"] }), UPSTREAM_TIMEOUT_MS: "300" };
    const res = await chat({}, { env });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-fallback")).toBe("openai:timeout");
    expect(res.headers.get("x-chorus-attempts")).toBe("2");
  });

  it("does not fall back on the caller's own 400", async () => {
    const res = await chat({}, { env: profiles({ fast: ["openai/gpt-x~status=400", "anthropic/claude-ok"] }) });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-chorus-provider")).toBeNull();
  });

  it("lists every failed candidate in order", async () => {
    const res = await chat({}, { env: profiles({ fast: ["openai/a~status=503", "anthropic/b~status=529", "google/c"] }) });
    expect(res.headers.get("x-chorus-fallback")).toBe("openai:503,anthropic:529");
    expect(res.headers.get("x-chorus-attempts")).toBe("5");
  });

  it("returns a refusal as the provider gave it when no candidate is left", async () => {
    const res = await chat({}, { env: profiles({ fast: ["openai/a~status=503", "anthropic/b~refuse"] }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { choices: { finish_reason: string }[] };
    expect(body.choices[0]!.finish_reason).toBe("content_filter");
  });

  it("502s naming the providers when every candidate fails", async () => {
    const res = await chat({}, { env: profiles({ fast: ["openai/a~status=503", "anthropic/b~status=529"] }) });
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("upstream_error");
    expect(body.error.message).toContain("openai");
    expect(body.error.message).toContain("anthropic");
  });
});

describe("streams: fallback only before the first byte", () => {
  it("falls back when a stream is cut before its first token", async () => {
    const res = await chat({ stream: true }, { env: profiles({ fast: ["openai/a~cutAfter=0", "anthropic/b"] }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chorus-provider")).toBe("anthropic");
    const { events, done } = await readSse(res);
    expect(done).toBe(true);
    expect(streamedText(events)).toBe("Echo: hello world");
  });

  it("falls back when the first token is too slow", async () => {
    const env = { ...profiles({ fast: ["google/a~firstTokenMs=3000", "openai/b"] }), FIRST_TOKEN_TIMEOUT_MS: "250" };
    const started = Date.now();
    const res = await chat({ stream: true }, { env });
    expect(res.headers.get("x-chorus-fallback")).toBe("google:timeout");
    expect(streamedText((await readSse(res)).events)).toBe("Echo: hello world");
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("falls back when a stream is refused before any content", async () => {
    const res = await chat({ stream: true }, { env: profiles({ fast: ["openai/a~refuse", "google/b"] }) });
    expect(res.headers.get("x-chorus-provider")).toBe("google");
    expect(res.headers.get("x-chorus-fallback")).toBe("openai:content_filter");
  });

  it("does not fall back once bytes reached the client: the stream ends with an error event", async () => {
    const res = await chat({ stream: true, messages: [{ role: "user", content: "a b c d e f" }] }, { env: profiles({ fast: ["openai/a~cutAfter=2", "anthropic/b"] }) });
    expect(res.headers.get("x-chorus-provider")).toBe("openai");
    const { events, done } = await readSse(res);
    expect(done).toBe(true);
    expect(streamedText(events)).toBe("Echo: a ");
    expect(events.at(-1)).toHaveProperty("error");
  });

  it("ends an idle stream with an error event after STREAM_IDLE_TIMEOUT_MS", async () => {
    const env = { ...profiles({ fast: ["openai/a~chunkMs=2000"] }), STREAM_IDLE_TIMEOUT_MS: "200" };
    const started = Date.now();
    const { events, done } = await readSse(await chat({ stream: true }, { env }));
    expect(done).toBe(true);
    expect((events.at(-1) as { error: { code: string } }).error.code).toBe("upstream_timeout");
    expect(Date.now() - started).toBeLessThan(1800);
  });
});

async function upstreamRequest(model: string, until: (seen: { abortedByClient?: boolean }) => boolean) {
  let seen: SeenRequest | undefined;
  await eventually(async () => {
    seen = (await seenBy("openai", model))[0];
    return seen !== undefined && until(seen);
  });
  return seen;
}
