import { completionToChunks, type CachedAnswer, type ChatCompletionChunk } from "@chorus/core";
import type { Answer } from "../request/answer.ts";

async function* nothingMore(): AsyncGenerator<ChatCompletionChunk> {}

export interface CachedAnswerOptions {
  headers: Record<string, string>;
  /** The request's `stream`: a cached answer replays as SSE whether it was streamed or not. */
  stream: boolean;
  includeUsage: boolean;
}

/** A cached answer as the client asked for it: JSON, or SSE ending `[DONE]` through the same writer as live streams. */
export function cachedAnswerAnswer(answer: CachedAnswer, options: CachedAnswerOptions): Answer {
  const served = { provider: answer.provider, model: answer.model, ownKey: false, cached: true };
  if (!options.stream) return { kind: "json", body: answer.completion, headers: options.headers, served };
  const stream = { head: completionToChunks(answer.completion), rest: nothingMore(), cancel: () => undefined };
  return { kind: "stream", stream, model: answer.model, includeUsage: options.includeUsage, headers: options.headers, served };
}
