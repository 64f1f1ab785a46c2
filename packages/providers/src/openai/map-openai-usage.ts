import type { Usage } from "@chorus/core";
import type { CompletionUsage } from "openai/resources/completions";

/**
 * The contract's usage: the three counts, plus cached prompt tokens and
 * reasoning tokens when the upstream reports them (pricing reads both).
 */
export function mapOpenAIUsage(usage: CompletionUsage): Usage {
  const cached = usage.prompt_tokens_details?.cached_tokens;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  return {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    // Some OpenAI-compatible servers leave the total out.
    total_tokens: usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens,
    ...(cached !== undefined && { prompt_tokens_details: { cached_tokens: cached } }),
    ...(reasoning !== undefined && { completion_tokens_details: { reasoning_tokens: reasoning } }),
  };
}
