import type { Usage } from "@chorus/core";

/** The token counts Anthropic reports, in a message or across a stream. */
export interface AnthropicTokenCounts {
  input_tokens: number | null;
  output_tokens: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/**
 * Anthropic counts uncached, cache-read and cache-written input apart; OpenAI's
 * prompt_tokens is their sum, with the cache reads also given as cached_tokens.
 */
export function fromAnthropicUsage(counts: AnthropicTokenCounts): Usage {
  const cached = counts.cache_read_input_tokens ?? 0;
  const prompt = (counts.input_tokens ?? 0) + cached + (counts.cache_creation_input_tokens ?? 0);
  return {
    prompt_tokens: prompt,
    completion_tokens: counts.output_tokens,
    total_tokens: prompt + counts.output_tokens,
    prompt_tokens_details: { cached_tokens: cached },
  };
}
