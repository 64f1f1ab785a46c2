import type { Usage } from "@chorus/core";
import type { GeminiUsageMetadata } from "./gemini-wire-types.ts";

/**
 * OpenAI usage from Gemini's. Thought tokens are billed as output, so they
 * count as completion tokens and are also reported as reasoning tokens.
 */
export function mapGeminiUsage(usage: GeminiUsageMetadata | undefined): Usage {
  const prompt = usage?.promptTokenCount ?? 0;
  const thoughts = usage?.thoughtsTokenCount ?? 0;
  const completion = (usage?.candidatesTokenCount ?? 0) + thoughts;
  const cached = usage?.cachedContentTokenCount ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    ...(cached > 0 ? { prompt_tokens_details: { cached_tokens: cached } } : {}),
    ...(thoughts > 0 ? { completion_tokens_details: { reasoning_tokens: thoughts } } : {}),
  };
}
