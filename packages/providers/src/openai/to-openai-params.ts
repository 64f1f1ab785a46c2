import type { ChatRequest, EmbeddingRequest } from "@chorus/core";
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from "openai/resources/chat/completions";
import type { EmbeddingCreateParams } from "openai/resources/embeddings";

/**
 * The request is already OpenAI's wire shape; only the model changes (the
 * provider's own id, resolved by the router). `stream_options` goes because
 * OpenAI rejects it on a request that does not stream.
 */
export function toOpenAIChatParams(request: ChatRequest, model: string): ChatCompletionCreateParamsNonStreaming {
  const { stream, stream_options, ...body } = request;
  return { ...body, model };
}

/**
 * Usage is always asked for, so usage and cost are known for every stream;
 * the gateway drops the usage chunk when the client did not ask for it.
 */
export function toOpenAIStreamParams(request: ChatRequest, model: string): ChatCompletionCreateParamsStreaming {
  return { ...request, model, stream: true, stream_options: { ...request.stream_options, include_usage: true } };
}

/**
 * Floats unless the client asked for base64: the SDK would otherwise ask for
 * base64 on the wire and decode it, which some local servers do not support.
 */
export function toOpenAIEmbeddingParams(request: EmbeddingRequest, model: string): EmbeddingCreateParams {
  return { ...request, model, encoding_format: request.encoding_format ?? "float" };
}
