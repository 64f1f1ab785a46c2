import { describe, expect, it } from "vitest";
import { mapOpenAIUsage } from "./map-openai-usage.ts";

describe("mapOpenAIUsage", () => {
  it("keeps cached and reasoning tokens and drops the details the contract has no field for", () => {
    const usage = mapOpenAIUsage({
      prompt_tokens: 120, completion_tokens: 40, total_tokens: 160,
      prompt_tokens_details: { cached_tokens: 100, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 32, audio_tokens: 0, accepted_prediction_tokens: 0 },
    });
    expect(usage).toEqual({
      prompt_tokens: 120, completion_tokens: 40, total_tokens: 160,
      prompt_tokens_details: { cached_tokens: 100 },
      completion_tokens_details: { reasoning_tokens: 32 },
    });
  });

  it("adds no detail objects when the upstream reports none", () => {
    expect(mapOpenAIUsage({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 })).toStrictEqual({
      prompt_tokens: 3, completion_tokens: 4, total_tokens: 7,
    });
  });

  it("derives the total when a compatible server leaves it out", () => {
    const fromLocalServer = JSON.parse('{"prompt_tokens":5,"completion_tokens":6}');
    expect(mapOpenAIUsage(fromLocalServer).total_tokens).toBe(11);
  });
});
