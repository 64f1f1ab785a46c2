export * from "./responses-request-schema.ts";
export * from "./responses-types.ts";
export * from "./refuse-stateful-responses-fields.ts";
export * from "./responses-to-chat.ts";
export * from "./completion-to-response.ts";
export * from "./responses-stream-translator.ts";
