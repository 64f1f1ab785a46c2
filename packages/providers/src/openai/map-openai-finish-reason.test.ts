import { describe, expect, it } from "vitest";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.ts";

describe("mapOpenAIFinishReason", () => {
  it.each([
    ["stop", "stop"],
    ["length", "length"],
    ["tool_calls", "tool_calls"],
    ["content_filter", "content_filter"],
    ["function_call", "tool_calls"],
    ["eos", "stop"],
    ["", "stop"],
    ["toString", "stop"],
  ] as const)("%s -> %s", (reason, expected) => {
    expect(mapOpenAIFinishReason(reason)).toBe(expected);
  });
});
