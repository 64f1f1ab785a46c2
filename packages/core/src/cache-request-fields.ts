import type { ChatRequest } from "./chat-types.ts";

/** The request fields that can change an answer; `model`, `stream`, `stream_options` and `user` cannot. */
const ANSWER_FIELDS = [
  "messages", "tools", "tool_choice", "parallel_tool_calls", "response_format",
  "temperature", "top_p", "max_tokens", "max_completion_tokens", "stop",
  "presence_penalty", "frequency_penalty", "seed",
] as const satisfies readonly (keyof ChatRequest)[];

export type CacheRequestFields = Partial<Pick<ChatRequest, (typeof ANSWER_FIELDS)[number]>>;

/**
 * What of a chat request decides its answer. A `null` sampling parameter
 * means the provider's default, as an absent one does, so both are dropped.
 */
export function cacheRequestFields(request: ChatRequest): CacheRequestFields {
  const fields: Record<string, unknown> = {};
  for (const name of ANSWER_FIELDS) {
    const value = request[name];
    if (value !== undefined && value !== null) fields[name] = value;
  }
  return fields as CacheRequestFields;
}
