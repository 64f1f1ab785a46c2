import type { FinishReason } from "@chorus/core";

/** Gemini's finish reasons that mean the answer was withheld or cut by a filter. */
const GEMINI_FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  STOP: "stop",
  MAX_TOKENS: "length",
  SAFETY: "content_filter",
  RECITATION: "content_filter",
  BLOCKLIST: "content_filter",
  PROHIBITED_CONTENT: "content_filter",
  SPII: "content_filter",
  LANGUAGE: "content_filter",
};

/**
 * OpenAI's finish reason for a Gemini candidate. Gemini says STOP after a
 * function call too; OpenAI clients look for `tool_calls` to run the tools.
 */
export function mapGeminiFinishReason(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  const mapped = (reason !== undefined && Object.hasOwn(GEMINI_FINISH_REASONS, reason) ? GEMINI_FINISH_REASONS[reason] : undefined) ?? "stop";
  return mapped === "stop" && hasToolCalls ? "tool_calls" : mapped;
}
