import type { EmbeddingResponse } from "@chorus/core";
import type { CreateEmbeddingResponse } from "openai/resources/embeddings";

/**
 * The contract's embedding list. Typed as floats by the SDK, an item is a
 * base64 string at run time when the client asked for base64; both pass as sent.
 */
export function mapOpenAIEmbeddings(response: CreateEmbeddingResponse): EmbeddingResponse {
  return {
    object: "list",
    data: response.data.map((item) => ({ object: "embedding", index: item.index, embedding: item.embedding })),
    model: response.model,
    usage: { prompt_tokens: response.usage.prompt_tokens, total_tokens: response.usage.total_tokens },
  };
}
