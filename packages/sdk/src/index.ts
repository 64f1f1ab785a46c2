export { createChorusClient } from "./create-chorus-client.ts";
export type {
  ChorusChatResult, ChorusClient, ChorusClientOptions, ChorusEmbeddingsResult, ChorusFetch, ChorusTokenGetter,
} from "./create-chorus-client.ts";
export type { ChorusChatStream } from "./create-chorus-chat-stream.ts";
export type { ChorusJobs } from "./create-jobs-api.ts";
export type { ChorusPipelines } from "./create-pipelines-api.ts";
export type { JobEventsOptions } from "./read-job-events.ts";
export type {
  CreatedJob, CreateJobBody, JobEvent, JobEventData, JobEventType, JobInfo, JobQuality, JobReview, JobRoute, JobStatus, JobUsage, PipelineInfo,
} from "./job-types.ts";
export type { ChorusPersonaFilter, ChorusPersonaPreview, ChorusPersonas } from "./create-personas-api.ts";
export type { ChorusPromptSelector, ChorusPrompts } from "./create-prompts-api.ts";
export type { PromptLabelTarget, PromptMessage, PromptRef, PromptSummary, PromptView, RenderedPrompt } from "./prompt-types.ts";
export type { ChorusSessionChunk, ChorusSessionPost, ChorusSessions, ChorusSessionWithMessages } from "./create-sessions-api.ts";
export type { ChorusOwnKeys, ChorusSettingsApi } from "./create-settings-api.ts";
export { ChorusError } from "./chorus-error.ts";
export type { ChorusErrorInit } from "./chorus-error.ts";
// For apps that also call the gateway through another client (the OpenAI SDK's `withResponse()`) and want the same meta.
export { readChorusMeta } from "./read-chorus-meta.ts";
export type { ChorusCacheStatus, ChorusFallback, ChorusMeta } from "./read-chorus-meta.ts";
export type { ChorusRequestOptions } from "./chorus-request-options.ts";
export type { ChorusChatRequest, ChorusEmbeddingRequest, ChorusModel, ChorusModelList } from "./chorus-api-types.ts";
export type {
  AssistantMessage, ChatCompletion, ChatCompletionChunk, ChatMessage, ChunkDelta, ContentPart, EmbeddingResponse,
  FinishReason, FunctionTool, ImagePart, JsonSchema, ResponseFormat, TextPart, ToolCall, ToolCallDelta, ToolChoice, Usage,
} from "./chat-types.ts";
export type { CharacterCardV2, Persona, PersonaDraft, PersonaSource, PersonaVisibility } from "./persona-types.ts";
export type { CreateSessionBody, PatchSessionBody, PostSessionMessageBody, SessionInfo, SessionMessage } from "./session-types.ts";
export type {
  ChorusMe, ChorusOwnKey, ChorusOwnKeyTest, ChorusSettings, ChorusSettingsPatch, ChorusUnavailableReason, ChorusUsage,
  ChorusUsageDay, ChorusUsagePeriod, ChorusUsageRange,
} from "./account-types.ts";
