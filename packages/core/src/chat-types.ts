import type * as z from "zod";
import type { chatMessageSchema, contentPartSchema, imagePartSchema, textPartSchema, toolCallSchema } from "./schemas/chat-message-schema.ts";
import type { chatRequestSchema } from "./schemas/chat-request-schema.ts";
import type { functionToolSchema, responseFormatSchema, toolChoiceSchema } from "./schemas/chat-tool-schema.ts";
import type { embeddingRequestSchema } from "./schemas/embedding-request-schema.ts";
import type { jsonObjectSchema } from "./schemas/json-object-schema.ts";

/**
 * The gateway's internal chat request and response types. They are the OpenAI
 * Chat Completions wire shape (the public contract), so the OpenAI-compatible
 * adapters pass them through and every other adapter translates from them.
 * Requests are what the zod schemas in `schemas/` accept; responses are what
 * the adapters build.
 */

export type ProviderId = "openai" | "anthropic" | "google" | "groq" | "local" | "demo";

export type TextPart = z.infer<typeof textPartSchema>;
export type ImagePart = z.infer<typeof imagePartSchema>;
export type ContentPart = z.infer<typeof contentPartSchema>;
export type ToolCall = z.infer<typeof toolCallSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** A JSON Schema object as clients send it (bounded by `JSON_BOUNDS`); adapters sanitise it per provider. */
export type JsonSchema = z.infer<typeof jsonObjectSchema>;

export type FunctionTool = z.infer<typeof functionToolSchema>;
export type ToolChoice = z.infer<typeof toolChoiceSchema>;
export type ResponseFormat = z.infer<typeof responseFormatSchema>;

/** A validated Chat Completions body; `model` is the client's choice or absent (see `CallContext.model`). */
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

export interface AssistantMessage {
  role: "assistant";
  content: string | null;
  tool_calls?: ToolCall[];
  refusal?: string | null;
}

export interface ChatCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: { index: number; message: AssistantMessage; finish_reason: FinishReason; logprobs: null }[];
  usage?: Usage;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: "function";
  function?: { name?: string; arguments?: string };
}

export interface ChunkDelta {
  role?: "assistant";
  content?: string | null;
  tool_calls?: ToolCallDelta[];
  refusal?: string | null;
}

export interface ChatCompletionChunk {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: { index: number; delta: ChunkDelta; finish_reason: FinishReason | null; logprobs?: null }[];
  /** Present (with empty choices) on the final chunk when include_usage was asked. */
  usage?: Usage | null;
}

/** A validated Embeddings body; `model` as in `ChatRequest`. */
export type EmbeddingRequest = z.infer<typeof embeddingRequestSchema>;

export interface EmbeddingResponse {
  object: "list";
  data: { object: "embedding"; index: number; embedding: number[] | string }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}
