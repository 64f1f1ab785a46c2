import type { ChatCompletion } from "./chat-types.ts";

/**
 * Whether an answer may be stored: it has choices and every one finished
 * normally. A `content_filter` finish (a refusal, or text cut by a filter) is
 * never kept, so a later ask gets a fresh chance.
 */
export function isCacheableCompletion(completion: ChatCompletion): boolean {
  return completion.choices.length > 0 && completion.choices.every((choice) => choice.finish_reason !== "content_filter");
}
