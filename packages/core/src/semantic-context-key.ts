import { canonicalJson } from "./canonical-json.ts";
import { cacheKeyMaterial, type ChatCacheKeyInput } from "./chat-cache-key.ts";
import type { ChatMessage, ChatRequest } from "./chat-types.ts";
import { sha256Hex } from "./sha256-hex.ts";

export interface SemanticContextKeyInput extends ChatCacheKeyInput {
  /** Position of the message the embedding stands for (see `lastUserMessage`). */
  messageIndex: number;
  /** The embedding model as `provider/model`: vectors of different models are not comparable. */
  embedder: string;
}

/**
 * Everything a semantic match must share besides the embedded message: the
 * rest of the conversation, tools, format, sampling, target, scope and the
 * embedding model. Two requests whose last questions are alike only match
 * when this key is equal.
 */
export async function semanticContextKey(input: SemanticContextKeyInput): Promise<string> {
  // The embedded message stays in place, blanked, so its position still counts.
  const messages = input.request.messages.map((message, index): ChatMessage => (index === input.messageIndex ? { role: "user", content: "" } : message));
  const request: ChatRequest = { ...input.request, messages };
  return sha256Hex(canonicalJson({ ...cacheKeyMaterial({ ...input, request }), embedder: input.embedder }));
}
