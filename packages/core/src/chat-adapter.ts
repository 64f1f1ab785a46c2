import type { ChatCompletion, ChatCompletionChunk, ChatRequest, EmbeddingRequest, EmbeddingResponse } from "./chat-types.ts";

/**
 * What one attempt is given besides the request. The request is the body as
 * the client sent it, whose `model` may be a profile or absent; the model this
 * attempt calls is `model` here, always concrete.
 */
export interface CallContext {
  /** The provider's own model id (no `provider/` prefix), as the route resolved it. */
  model: string;
  /** Aborted on client disconnect, deadline, or timeout; adapters pass it to their SDK. */
  signal: AbortSignal;
}

/**
 * One provider behind one key. Implementations translate the OpenAI-shaped
 * request to their SDK and back, and throw only `UpstreamError`.
 */
export interface ChatAdapter {
  chat(request: ChatRequest, context: CallContext): Promise<ChatCompletion>;
  /** Chunks in OpenAI's shape; with `stream_options.include_usage` the last carries usage. */
  stream(request: ChatRequest, context: CallContext): AsyncIterable<ChatCompletionChunk>;
  embed?(request: EmbeddingRequest, context: CallContext): Promise<EmbeddingResponse>;
}

/** How an adapter is built: the shape of STYLE.md's provider factories. */
export interface AdapterOptions {
  apiKey?: string;
  baseURL?: string;
  headers?: Record<string, string>;
  fetch?: typeof globalThis.fetch;
}

export type AdapterFactory = (options: AdapterOptions) => ChatAdapter;
