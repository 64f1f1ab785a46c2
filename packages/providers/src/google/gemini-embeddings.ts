import type { EmbeddingRequest, EmbeddingResponse } from "@chorus/core";
import type { BatchEmbedContentsRequest, ContentEmbedding } from "@google/generative-ai";
import type { GeminiEmbedContentRequest } from "./gemini-wire-types.ts";

/** One `embedContent` request per input; `batchEmbedContents` takes a list of them. */
export function toGeminiEmbedRequests(request: EmbeddingRequest): BatchEmbedContentsRequest & { requests: GeminiEmbedContentRequest[] } {
  const inputs = Array.isArray(request.input) ? request.input : [request.input];
  return {
    requests: inputs.map((text) => ({
      content: { role: "user", parts: [{ text }] },
      ...(request.dimensions ? { outputDimensionality: request.dimensions } : {}),
    })),
  };
}

/** OpenAI's base64 encoding: the float32 little-endian bytes of the vector. */
function toBase64(values: number[]): string {
  const bytes = new Uint8Array(new Float32Array(values).buffer);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Gemini embeddings in OpenAI's list shape. Gemini reports no token counts for
 * embeddings, so usage is zero rather than a guess.
 */
export function fromGeminiEmbeddings(embeddings: ContentEmbedding[], request: EmbeddingRequest, model: string): EmbeddingResponse {
  return {
    object: "list",
    data: embeddings.map((embedding, index) => ({
      object: "embedding",
      index,
      embedding: request.encoding_format === "base64" ? toBase64(embedding.values) : embedding.values,
    })),
    model,
    usage: { prompt_tokens: 0, total_tokens: 0 },
  };
}
