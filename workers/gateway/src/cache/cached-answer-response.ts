import { completionToChunks, type CachedAnswer, type ChatCompletionChunk } from "@chorus/core";
import type { Context } from "hono";
import { sseResponse } from "../http/sse-response.ts";

export interface CachedAnswerResponseOptions {
  answer: CachedAnswer;
  headers: Record<string, string>;
  /** The request's `stream`: a cached answer replays as SSE whether it was streamed or not. */
  stream: boolean;
  includeUsage: boolean;
}

async function* nothingMore(): AsyncGenerator<ChatCompletionChunk> {}

/** A cached answer as the client asked for it: JSON, or SSE ending `[DONE]` through the same writer as live streams. */
export function cachedAnswerResponse(c: Context, options: CachedAnswerResponseOptions): Response {
  const { answer, headers } = options;
  if (!options.stream) return c.json(answer.completion, 200, headers);
  const replay = { head: completionToChunks(answer.completion), rest: nothingMore(), cancel: () => undefined };
  return sseResponse(replay, { model: answer.model, includeUsage: options.includeUsage, headers, abort: new AbortController() });
}
