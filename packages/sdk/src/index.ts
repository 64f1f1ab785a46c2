export { createChorusClient } from "./create-chorus-client.ts";
export type {
  ChorusChatResult, ChorusClient, ChorusClientOptions, ChorusEmbeddingsResult, ChorusFetch, ChorusTokenGetter,
} from "./create-chorus-client.ts";
export type { ChorusChatStream } from "./create-chorus-chat-stream.ts";
export type { ChorusPersonaFilter, ChorusPersonaPreview, ChorusPersonas } from "./create-personas-api.ts";
export type { ChorusSessionChunk, ChorusSessionPost, ChorusSessions, ChorusSessionWithMessages } from "./create-sessions-api.ts";
export { ChorusError } from "./chorus-error.ts";
export type { ChorusErrorInit } from "./chorus-error.ts";
// For apps that also call the gateway through another client (the OpenAI SDK's `withResponse()`) and want the same meta.
export { readChorusMeta } from "./read-chorus-meta.ts";
export type { ChorusCacheStatus, ChorusFallback, ChorusMeta } from "./read-chorus-meta.ts";
export type { ChorusRequestOptions } from "./chorus-request-options.ts";
export type { ChorusChatRequest, ChorusEmbeddingRequest, ChorusModel, ChorusModelList } from "./chorus-api-types.ts";
// The OpenAI-shaped types the client's answers use, so apps need not depend on @chorus/core themselves.
export type {
  AssistantMessage, ChatCompletion, ChatCompletionChunk, ChatMessage, ChunkDelta, ContentPart, EmbeddingResponse,
  FinishReason, FunctionTool, ResponseFormat, ToolCall, ToolCallDelta, ToolChoice, Usage,
  CharacterCardV2, CreateSessionBody, PatchSessionBody, Persona, PersonaDraft, SessionInfo, SessionMessage,
} from "@chorus/core";
