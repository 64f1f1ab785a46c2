import { UpstreamError, type AdapterOptions, type ChatAdapter, type ChatCompletionChunk, type ProviderId } from "@chorus/core";
import type OpenAI from "openai";
import { createOpenAIClient } from "./create-openai-client.ts";
import { mapOpenAIChunk } from "./map-openai-chunk.ts";
import { mapOpenAICompletion } from "./map-openai-completion.ts";
import { mapOpenAIEmbeddings } from "./map-openai-embeddings.ts";
import { mapOpenAIError } from "./map-openai-error.ts";
import { toOpenAIChatParams, toOpenAIEmbeddingParams, toOpenAIStreamParams } from "./to-openai-params.ts";

export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

export interface OpenAIAdapterOptions extends AdapterOptions {
  /** The provider this adapter speaks for, named in its errors; OpenAI-compatible providers reuse it. */
  provider?: ProviderId;
}

/** A chat adapter over the official `openai` SDK, for OpenAI and any server speaking its wire format. */
export function createOpenAIAdapter(options: OpenAIAdapterOptions): ChatAdapter {
  const provider = options.provider ?? "openai";
  // Never the SDK's fallback to OPENAI_API_KEY: a missing own key must not become the platform's.
  if (!options.apiKey) throw new Error(`${provider} adapter: an API key is required`);
  const client = createOpenAIClient({ ...options, apiKey: options.apiKey, baseURL: options.baseURL ?? OPENAI_DEFAULT_BASE_URL });

  /** Runs one SDK call; the caller's abort reason wins over whatever the SDK threw. */
  async function call<T>(signal: AbortSignal, run: () => Promise<T>, afterFirstChunk = false): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw mapOpenAIError(error, { provider, afterFirstChunk });
    }
  }

  return {
    async chat(request, context) {
      // The body read here, not by the SDK's parse step, which arms one more timer and abort
      // listener per answer: the router's timeout already bounds the whole attempt.
      const completion = await call(context.signal, async () => {
        const response = await client.chat.completions.create(toOpenAIChatParams(request, context.model), { signal: context.signal }).asResponse();
        return (await response.json()) as OpenAI.ChatCompletion;
      });
      return mapOpenAICompletion(completion);
    },

    async *stream(request, context): AsyncIterable<ChatCompletionChunk> {
      const { signal } = context;
      const stream = await call(signal, () =>
        client.chat.completions.create(toOpenAIStreamParams(request, context.model), { signal }));
      const chunks = stream[Symbol.asyncIterator]();
      let yielded = false;
      let finished = false;
      try {
        for (;;) {
          const next = await call(signal, () => chunks.next(), yielded);
          if (next.done) break;
          const chunk = mapOpenAIChunk(next.value);
          finished ||= chunk.choices.some((choice) => choice.finish_reason !== null);
          yielded = true;
          yield chunk;
        }
      } finally {
        // Stops the upstream request when the consumer leaves early.
        await chunks.return?.();
      }
      // The SDK ends a stream quietly when its signal aborts.
      if (signal.aborted) throw signal.reason;
      if (!finished) {
        throw new UpstreamError({ provider, kind: "stream_cut", message: `${provider} stream ended before its finish reason` });
      }
    },

    async embed(request, context) {
      const response = await call(context.signal, () =>
        client.embeddings.create(toOpenAIEmbeddingParams(request, context.model), { signal: context.signal }));
      return mapOpenAIEmbeddings(response);
    },
  };
}
