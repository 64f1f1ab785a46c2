import type { ChatCompletion, ToolCall } from "@chorus/core";
import type { GeminiResponse, GeminiResponsePart } from "./gemini-wire-types.ts";
import { mapGeminiFinishReason } from "./map-gemini-finish-reason.ts";
import { mapGeminiUsage } from "./map-gemini-usage.ts";
import { toOpenAIToolCall } from "./to-openai-tool-call.ts";

/** What an OpenAI completion or chunk carries besides the answer. */
export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

/** The answer's visible text: thought summaries are the model's notes, not its reply. */
export function answerText(parts: readonly GeminiResponsePart[]): string {
  return parts.map((part) => (part.thought ? "" : part.text ?? "")).join("");
}

/**
 * A Gemini response as an OpenAI completion. A prompt Gemini blocked comes
 * back as a `content_filter` completion, not an error, so the router decides
 * whether another candidate should try.
 */
export function fromGeminiResponse(response: GeminiResponse, meta: CompletionMeta): ChatCompletion {
  const candidate = response.candidates?.[0];
  const parts = candidate?.content?.parts ?? [];
  const text = answerText(parts);
  const toolCalls: ToolCall[] = parts.flatMap((part) => (part.functionCall ? [part.functionCall] : [])).map(toOpenAIToolCall);
  const blocked = response.promptFeedback?.blockReason !== undefined;
  return {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: [{
      index: 0,
      message: { role: "assistant", content: text === "" ? null : text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
      finish_reason: blocked ? "content_filter" : mapGeminiFinishReason(candidate?.finishReason, toolCalls.length > 0),
      logprobs: null,
    }],
    usage: mapGeminiUsage(response.usageMetadata),
  };
}
