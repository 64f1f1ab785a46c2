import { UpstreamError, type ChatCompletionChunk, type ChunkDelta, type FinishReason } from "@chorus/core";
import { answerText, type CompletionMeta } from "./from-gemini-response.ts";
import type { GeminiResponse, GeminiUsageMetadata } from "./gemini-wire-types.ts";
import { mapGeminiFinishReason } from "./map-gemini-finish-reason.ts";
import { mapGeminiUsage } from "./map-gemini-usage.ts";
import { toOpenAIToolCall } from "./to-openai-tool-call.ts";

/**
 * Gemini stream chunks as OpenAI chunks: a role chunk when Gemini first
 * answers, text and complete tool calls as they come, the finish reason, then
 * always a usage chunk (the gateway drops it when the client did not ask).
 */
export async function* geminiStreamToChunks(stream: AsyncIterable<GeminiResponse>, meta: CompletionMeta): AsyncGenerator<ChatCompletionChunk> {
  const base = { id: meta.id, object: "chat.completion.chunk" as const, created: meta.created, model: meta.model };
  const chunk = (delta: ChunkDelta, finishReason: FinishReason | null = null): ChatCompletionChunk =>
    ({ ...base, choices: [{ index: 0, delta, finish_reason: finishReason }] });
  let started = false;
  let toolCalls = 0;
  let finishReason: string | undefined;
  let blocked = false;
  let usage: GeminiUsageMetadata | undefined;

  for await (const response of stream) {
    if (!started) yield chunk({ role: "assistant", content: "" });
    started = true;
    const candidate = response.candidates?.[0];
    const parts = candidate?.content?.parts ?? [];
    const text = answerText(parts);
    if (text !== "") yield chunk({ content: text });
    for (const part of parts) {
      if (!part.functionCall) continue;
      const index = toolCalls++;
      const { id, type, function: fn } = toOpenAIToolCall(part.functionCall, index);
      yield chunk({ tool_calls: [{ index, id, type, function: fn }] });
    }
    finishReason = candidate?.finishReason ?? finishReason;
    blocked ||= response.promptFeedback?.blockReason !== undefined;
    // Each chunk's usage is the running total so far: the last one is the whole.
    usage = response.usageMetadata ?? usage;
  }

  if (!blocked && finishReason === undefined) {
    throw new UpstreamError({ provider: "google", kind: "stream_cut", message: "google stream ended before its finish reason" });
  }
  yield chunk({}, blocked ? "content_filter" : mapGeminiFinishReason(finishReason, toolCalls > 0));
  yield { ...base, choices: [], usage: mapGeminiUsage(usage) };
}
