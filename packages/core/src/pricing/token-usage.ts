import type { Usage } from "../chat-types.ts";

/** Tokens of one request, as metered. */
export interface TokenUsage {
  tokensIn: number;
  tokensOut: number;
  /** Input tokens read from the provider's prompt cache; a part of `tokensIn`, as in OpenAI's usage. */
  cachedTokens: number;
}

/** From the OpenAI-shaped usage every adapter returns. */
export function tokenUsageFrom(usage: Usage): TokenUsage {
  return {
    tokensIn: usage.prompt_tokens,
    tokensOut: usage.completion_tokens,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
  };
}
