export { createOpenAIAdapter, OPENAI_DEFAULT_BASE_URL, type OpenAIAdapterOptions } from "./create-openai-adapter.ts";
export { mapOpenAIError, type OpenAIErrorContext } from "./map-openai-error.ts";
export { mapOpenAIFinishReason } from "./map-openai-finish-reason.ts";
