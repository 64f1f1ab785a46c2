export { createAnthropicAdapter } from "./create-anthropic-adapter.ts";
export { mapAnthropicError } from "./map-anthropic-error.ts";
export { mapAnthropicStopReason } from "./map-anthropic-stop-reason.ts";
