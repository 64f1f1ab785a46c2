import { describe, expect, it } from "vitest";
import type { ChatCompletion, ChatCompletionChunk, ChunkDelta, FinishReason } from "./chat-types.ts";
import { CompletionAssembler } from "./completion-assembler.ts";
import { completionToChunks } from "./completion-to-chunks.ts";
import { isCacheableCompletion } from "./is-cacheable-completion.ts";

function chunk(delta: ChunkDelta, finish: FinishReason | null = null): ChatCompletionChunk {
  return { id: "c1", object: "chat.completion.chunk", created: 7, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] };
}

function assemble(chunks: ChatCompletionChunk[]): ChatCompletion | undefined {
  const assembler = new CompletionAssembler();
  for (const item of chunks) assembler.add(item);
  return assembler.completion();
}

const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };

describe("CompletionAssembler", () => {
  it("joins text deltas and keeps the finish and usage", () => {
    const completion = assemble([
      chunk({ role: "assistant", content: "" }), chunk({ content: "Hello " }), chunk({ content: "there" }), chunk({}, "stop"),
      { id: "c1", object: "chat.completion.chunk", created: 7, model: "m", choices: [], usage },
    ]);
    expect(completion).toEqual({
      id: "c1", object: "chat.completion", created: 7, model: "m", usage,
      choices: [{ index: 0, message: { role: "assistant", content: "Hello there" }, finish_reason: "stop", logprobs: null }],
    });
  });

  it("merges tool-call fragments by index, with null content beside them", () => {
    const completion = assemble([
      chunk({ role: "assistant", content: "" }),
      chunk({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(completion?.choices[0]?.message).toEqual({
      role: "assistant", content: null,
      tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }],
    });
  });

  it("has no answer until every choice finished (a cut stream)", () => {
    expect(assemble([])).toBeUndefined();
    expect(assemble([chunk({ role: "assistant", content: "" }), chunk({ content: "half" })])).toBeUndefined();
  });
});

describe("completionToChunks", () => {
  it("replays an answer as chunks that assemble back to it", () => {
    const original: ChatCompletion = {
      id: "c9", object: "chat.completion", created: 9, model: "m", usage,
      choices: [{ index: 0, message: { role: "assistant", content: "Hi!" }, finish_reason: "stop", logprobs: null }],
    };
    const chunks = completionToChunks(original);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage });
    expect(assemble(chunks)).toEqual(original);
  });

  it("replays tool calls", () => {
    const original: ChatCompletion = {
      id: "c9", object: "chat.completion", created: 9, model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [{ id: "t", type: "function", function: { name: "f", arguments: "{}" } }] }, finish_reason: "tool_calls", logprobs: null }],
    };
    expect(assemble(completionToChunks(original))).toEqual(original);
  });
});

describe("isCacheableCompletion", () => {
  const answer = (finish: FinishReason): ChatCompletion => ({
    id: "c", object: "chat.completion", created: 0, model: "m",
    choices: [{ index: 0, message: { role: "assistant", content: "x" }, finish_reason: finish, logprobs: null }],
  });

  it("keeps normal finishes, never a content filter or an empty answer", () => {
    expect(isCacheableCompletion(answer("stop"))).toBe(true);
    expect(isCacheableCompletion(answer("length"))).toBe(true);
    expect(isCacheableCompletion(answer("tool_calls"))).toBe(true);
    expect(isCacheableCompletion(answer("content_filter"))).toBe(false);
    expect(isCacheableCompletion({ ...answer("stop"), choices: [] })).toBe(false);
  });
});
