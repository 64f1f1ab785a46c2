import type { ChatCompletionChunk as OpenAIChatCompletionChunk } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import { mapOpenAIChunk } from "./map-openai-chunk.ts";

const base = { id: "c1", object: "chat.completion.chunk", created: 1, model: "m" } as const;

describe("mapOpenAIChunk", () => {
  it("reads a usage chunk that comes without `choices`, as some compatible servers send it", () => {
    const wire: OpenAIChatCompletionChunk = JSON.parse(JSON.stringify({ ...base, usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 } }));
    expect(mapOpenAIChunk(wire)).toEqual({ ...base, choices: [], usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 } });
  });

  it("keeps `usage: null` on ordinary chunks and normalises the finish reason", () => {
    const wire: OpenAIChatCompletionChunk = { ...base, usage: null, choices: [{ index: 0, delta: {}, finish_reason: "function_call" }] };
    expect(mapOpenAIChunk(wire)).toEqual({ ...base, usage: null, choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] });
  });

  it("keeps function tool-call deltas and drops custom ones, which the contract cannot express", () => {
    const wire: OpenAIChatCompletionChunk = {
      ...base,
      choices: [{
        index: 0, finish_reason: null,
        delta: { tool_calls: [
          { index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "" } },
          { index: 1, id: "call_2", type: "custom", custom: { name: "g", input: "x" } },
        ] },
      }],
    };
    expect(mapOpenAIChunk(wire).choices[0]?.delta.tool_calls).toEqual([{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "" } }]);
  });
});
