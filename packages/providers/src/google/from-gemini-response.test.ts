import { BlockReason } from "@google/generative-ai";
import { describe, expect, it } from "vitest";
import { fromGeminiResponse } from "./from-gemini-response.ts";
import { geminiStreamToChunks } from "./gemini-stream-to-chunks.ts";
import type { GeminiResponse } from "./gemini-wire-types.ts";

const meta = { id: "chatcmpl-1", created: 1, model: "gemini-3-flash" };
const blocked: GeminiResponse = {
  promptFeedback: { blockReason: BlockReason.SAFETY, safetyRatings: [] },
  usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 0, totalTokenCount: 4 },
};

async function collect(responses: GeminiResponse[]) {
  async function* source() { yield* responses; }
  const chunks = [];
  for await (const chunk of geminiStreamToChunks(source(), meta)) chunks.push(chunk);
  return chunks;
}

describe("fromGeminiResponse", () => {
  it("turns a blocked prompt into a content_filter completion, not an error", () => {
    expect(fromGeminiResponse(blocked, meta).choices[0]).toEqual({ index: 0, message: { role: "assistant", content: null }, finish_reason: "content_filter", logprobs: null });
  });

  it("leaves thought summaries out of the answer and reports cached and reasoning tokens", () => {
    const completion = fromGeminiResponse({
      candidates: [{ content: { parts: [{ text: "Let me think.", thought: true }, { text: "Four." }] }, finishReason: "STOP" }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 2, thoughtsTokenCount: 5, cachedContentTokenCount: 6, totalTokenCount: 17 },
    }, meta);
    expect(completion.choices[0]!.message.content).toBe("Four.");
    expect(completion.usage).toEqual({
      prompt_tokens: 10, completion_tokens: 7, total_tokens: 17,
      prompt_tokens_details: { cached_tokens: 6 }, completion_tokens_details: { reasoning_tokens: 5 },
    });
  });

  it("numbers several function calls in order", () => {
    const completion = fromGeminiResponse({ candidates: [{ content: { parts: [
      { functionCall: { name: "a", args: { x: 1 } } }, { functionCall: { name: "b" } },
    ] }, finishReason: "STOP" }] }, meta);
    expect(completion.choices[0]!.message.tool_calls?.map((call) => [call.id, call.function.arguments])).toEqual([["call_0_a", '{"x":1}'], ["call_1_b", "{}"]]);
    expect(completion.choices[0]!.finish_reason).toBe("tool_calls");
  });
});

describe("geminiStreamToChunks", () => {
  it("ends a blocked prompt's stream with content_filter and its usage", async () => {
    const chunks = await collect([blocked]);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null)).toEqual([null, "content_filter", null]);
    expect(chunks.at(-1)!.usage?.prompt_tokens).toBe(4);
  });

  it("treats a stream that ends without a finish reason as cut", async () => {
    await expect(collect([{ candidates: [{ content: { parts: [{ text: "Hel" }] } }] }])).rejects.toMatchObject({ kind: "stream_cut", provider: "google" });
  });
});
