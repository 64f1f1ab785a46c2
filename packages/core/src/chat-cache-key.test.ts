import { describe, expect, it } from "vitest";
import type { ChatRequest } from "./chat-types.ts";
import { chatCacheKey, CHAT_CACHE_KEY_PREFIX, type CacheTarget } from "./chat-cache-key.ts";
import { lastUserMessage } from "./last-user-message.ts";
import { semanticContextKey } from "./semantic-context-key.ts";

const target: CacheTarget = { profile: "fast", candidates: [{ provider: "openai", model: "gpt-x" }] };
const request: ChatRequest = { model: "fast", messages: [{ role: "user", content: "hello" }], temperature: 0.2 };
const key = (overrides: Partial<ChatRequest>, options: { target?: CacheTarget; scope?: string } = { scope: "u1" }) =>
  chatCacheKey({ request: { ...request, ...overrides }, target: options.target ?? target, scope: options.scope });

describe("chatCacheKey", () => {
  it("is a versioned SHA-256 hex", async () => {
    expect(await key({})).toMatch(new RegExp(`^${CHAT_CACHE_KEY_PREFIX}[0-9a-f]{64}$`));
  });

  it("ignores fields that do not change the answer, and key order", async () => {
    const base = await key({});
    expect(await key({ stream: true, stream_options: { include_usage: true }, user: "someone", model: "other" })).toBe(base);
    expect(await key({ seed: null, top_p: null })).toBe(base);
    const reordered = JSON.parse(JSON.stringify({ temperature: 0.2, messages: [{ content: "hello", role: "user" }], model: "fast" })) as ChatRequest;
    expect(await chatCacheKey({ request: reordered, target, scope: "u1" })).toBe(base);
  });

  it("changes with messages, tools, format, sampling, target and scope", async () => {
    const base = await key({});
    const variants = await Promise.all([
      key({ messages: [{ role: "user", content: "hello!" }] }),
      key({ temperature: 0.3 }),
      key({ max_tokens: 10 }),
      key({ response_format: { type: "json_object" } }),
      key({ tools: [{ type: "function", function: { name: "f" } }] }),
      key({ tool_choice: "none" }),
      key({}, { target: { ...target, profile: "cheap" }, scope: "u1" }),
      key({}, { target: { profile: "fast", candidates: [{ provider: "anthropic", model: "gpt-x" }] }, scope: "u1" }),
      key({}, { scope: "u2" }),
      key({}, {}),
    ]);
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });
});

describe("semanticContextKey", () => {
  const conversation = (question: string): ChatRequest => ({
    model: "fast", messages: [{ role: "system", content: "be brief" }, { role: "user", content: question }],
  });
  const context = (req: ChatRequest, embedder = "openai/e") =>
    semanticContextKey({ request: req, target, scope: "u1", messageIndex: lastUserMessage(req)!.index, embedder });

  it("is equal for requests that differ only in the embedded message", async () => {
    expect(await context(conversation("capital of France?"))).toBe(await context(conversation("France's capital?")));
  });

  it("differs with the rest of the conversation and the embedding model", async () => {
    const base = await context(conversation("q"));
    expect(await context({ ...conversation("q"), messages: [{ role: "system", content: "be long" }, { role: "user", content: "q" }] })).not.toBe(base);
    expect(await context(conversation("q"), "openai/other")).not.toBe(base);
  });
});

describe("lastUserMessage", () => {
  it("finds the last user text, joining text parts", () => {
    expect(lastUserMessage({ model: "m", messages: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }, { role: "user", content: [{ type: "text", text: "c" }, { type: "text", text: "d" }] }] }))
      .toEqual({ index: 2, text: "c\nd" });
  });

  it("has none for an image, an empty text or no user message", () => {
    expect(lastUserMessage({ model: "m", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:x" } }] }] })).toBeUndefined();
    expect(lastUserMessage({ model: "m", messages: [{ role: "user", content: " " }] })).toBeUndefined();
    expect(lastUserMessage({ model: "m", messages: [{ role: "system", content: "s" }] })).toBeUndefined();
  });
});
