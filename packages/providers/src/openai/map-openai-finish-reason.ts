import type { FinishReason } from "@chorus/core";

/** OpenAI-compatible finish reasons as the public contract names them. */
const OPENAI_FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  content_filter: "content_filter",
  // The legacy `functions` API; clients of the contract only look for `tool_calls`.
  function_call: "tool_calls",
};

/**
 * The contract's finish reason for an upstream one. OpenAI-compatible servers
 * (vLLM, llama.cpp, Ollama) invent their own, such as `eos`; an answer that
 * ended for a reason we do not know ended normally as far as a client can act.
 */
export function mapOpenAIFinishReason(reason: string): FinishReason {
  return (Object.hasOwn(OPENAI_FINISH_REASONS, reason) ? OPENAI_FINISH_REASONS[reason] : undefined) ?? "stop";
}
