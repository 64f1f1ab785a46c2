import { describe, expect, it } from "vitest";
import type { ChatCompletion, ChatCompletionChunk, ChunkDelta, FinishReason } from "./chat-types.ts";
import { isRefusedCompletion, isRefusedStream } from "./refusals.ts";

function chunk(delta: ChunkDelta, finish: FinishReason | null = null): ChatCompletionChunk {
  return { id: "c", object: "chat.completion.chunk", created: 0, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] };
}

function completion(content: string | null, finish: FinishReason): ChatCompletion {
  return {
    id: "c", object: "chat.completion", created: 0, model: "m",
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: finish, logprobs: null }],
  };
}

async function* nothing(): AsyncGenerator<ChatCompletionChunk> {}

const started = (head: ChatCompletionChunk[]) => ({ head, rest: nothing(), cancel: () => undefined });

describe("isRefusedStream", () => {
  it("is true when the first decisive chunk is a content_filter finish with nothing said", () => {
    expect(isRefusedStream(started([chunk({ role: "assistant", content: "" }), chunk({}, "content_filter")]))).toBe(true);
  });

  it("is false once content was produced, or for another finish", () => {
    expect(isRefusedStream(started([chunk({ content: "Sorry" }, "content_filter")]))).toBe(false);
    expect(isRefusedStream(started([chunk({ content: "Hi" })]))).toBe(false);
    expect(isRefusedStream(started([chunk({}, "stop")]))).toBe(false);
  });
});

describe("isRefusedCompletion", () => {
  it("is true only for an empty content_filter answer", () => {
    expect(isRefusedCompletion(completion(null, "content_filter"))).toBe(true);
    expect(isRefusedCompletion(completion("partial", "content_filter"))).toBe(false);
    expect(isRefusedCompletion(completion(null, "stop"))).toBe(false);
  });
});
