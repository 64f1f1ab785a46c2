import type { ChatMessage, FunctionTool, ResponseFormat, ToolChoice } from "./chat-types.ts";
import type { PromptRef } from "./prompt-types.ts";

/**
 * A chat request as the SDK takes it: the Chat Completions body the gateway
 * accepts. `model` is a profile name, a `provider/model` id, or left out (the
 * gateway then resolves user preference, mode pin, surface pin, default
 * profile); `stream` is set by the method called, `chat` or `stream`.
 */
export interface ChorusChatRequest {
  model?: string;
  /** May be `[]` when `prompt` is given: the template's messages come first. */
  messages: ChatMessage[];
  /** A template rendered before `messages`; the answer's `x-chorus-prompt` names the version used. */
  prompt?: PromptRef;
  stream_options?: { include_usage?: boolean } | null;
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ResponseFormat;
  temperature?: number | null;
  top_p?: number | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  stop?: string | string[] | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  seed?: number | null;
  user?: string;
  /** Only 1 is accepted. */
  n?: 1 | null;
  /** Chorus's own fields: context blocks added to the system text, highest priority first, until `contextTokens` is spent (the rest counted in `x-chorus-context-dropped`). */
  chorus?: { context?: { text: string; priority: number }[]; contextTokens?: number };
}

/** `model` may be left out: the gateway then uses its embedding profile. */
export interface ChorusEmbeddingRequest {
  model?: string;
  input: string | string[];
  dimensions?: number;
  encoding_format?: "float" | "base64";
  user?: string;
}

/** One entry of `GET /v1/models`: a profile name or a concrete `provider/model` id. */
export interface ChorusModel {
  id: string;
  object: "model";
  created: number;
  /** `chorus` for profiles, the provider id for `provider/model` ids. */
  owned_by: string;
}

export interface ChorusModelList {
  object: "list";
  data: ChorusModel[];
}
