import type { AdapterOptions, CallContext, ChatAdapter, ChatCompletion, ChatCompletionChunk, EmbeddingRequest, EmbeddingResponse } from "@chorus/core";
import { GoogleGenerativeAI, type GenerativeModel, type RequestOptions } from "@google/generative-ai";
import { fromGeminiResponse, type CompletionMeta } from "./from-gemini-response.ts";
import { fromGeminiEmbeddings, toGeminiEmbedRequests } from "./gemini-embeddings.ts";
import { geminiStreamToChunks } from "./gemini-stream-to-chunks.ts";
import { mapGeminiError } from "./map-gemini-error.ts";
import { toGeminiRequest } from "./to-gemini-request.ts";

/** Headers the SDK sets itself and refuses to take from the caller. */
const RESERVED_HEADERS = ["x-goog-api-key", "x-goog-api-client"];

function requestOptionsFor(options: AdapterOptions): RequestOptions {
  const headers = options.headers ?? {};
  const reserved = Object.keys(headers).find((name) => RESERVED_HEADERS.includes(name.toLowerCase()));
  if (reserved) throw new Error(`google adapter: header "${reserved}" is set by the SDK; pass the key as apiKey`);
  return {
    ...(options.baseURL ? { baseUrl: options.baseURL.replace(/\/+$/, "") } : {}),
    ...(Object.keys(headers).length > 0 ? { customHeaders: headers } : {}),
  };
}

const metaFor = (context: CallContext): CompletionMeta =>
  ({ id: `chatcmpl-${crypto.randomUUID()}`, created: Math.floor(Date.now() / 1000), model: context.model });

/** The router's abort reason (deadline, timeout, client gone) wins over what the SDK made of it. */
function failure(error: unknown, context: CallContext, started: boolean): unknown {
  if (context.signal.aborted) return context.signal.reason;
  return mapGeminiError(error, started);
}

/**
 * Gemini behind the OpenAI chat shape, over `@google/generative-ai`.
 * `baseURL` is the host root (the SDK adds `/v1beta`). The SDK always calls
 * the global `fetch` and has no option to take another, so `options.fetch` is
 * not used: on Workers and Node the global one is the right one.
 */
export function createGoogleAdapter(options: AdapterOptions): ChatAdapter {
  const client = new GoogleGenerativeAI(options.apiKey ?? "");
  const requestOptions = requestOptionsFor(options);
  const modelFor = (context: CallContext): GenerativeModel => client.getGenerativeModel({ model: context.model }, requestOptions);

  return {
    async chat(request, context): Promise<ChatCompletion> {
      const body = toGeminiRequest(request);
      try {
        const { response } = await modelFor(context).generateContent(body, { signal: context.signal });
        return fromGeminiResponse(response, metaFor(context));
      } catch (error) {
        throw failure(error, context, false);
      }
    },

    async *stream(request, context): AsyncIterable<ChatCompletionChunk> {
      const body = toGeminiRequest(request);
      let started = false;
      try {
        const result = await modelFor(context).generateContentStream(body, { signal: context.signal });
        // The SDK also aggregates the stream into `response`; it fails when the stream does, and is read by no one.
        result.response.catch(() => undefined);
        for await (const chunk of geminiStreamToChunks(result.stream, metaFor(context))) {
          started = true;
          yield chunk;
        }
      } catch (error) {
        throw failure(error, context, started);
      }
    },

    async embed(request: EmbeddingRequest, context): Promise<EmbeddingResponse> {
      const { requests } = toGeminiEmbedRequests(request);
      const model = modelFor(context);
      try {
        const embeddings = requests.length === 1
          ? [(await model.embedContent(requests[0]!, { signal: context.signal })).embedding]
          : (await model.batchEmbedContents({ requests }, { signal: context.signal })).embeddings;
        return fromGeminiEmbeddings(embeddings, request, context.model);
      } catch (error) {
        throw failure(error, context, false);
      }
    },
  };
}
