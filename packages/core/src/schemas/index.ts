export * from "./json-bounds.ts";
export * from "./json-object-schema.ts";
export * from "./chat-message-schema.ts";
export * from "./chat-tool-schema.ts";
export * from "./chat-request-schema.ts";
export * from "./embedding-request-schema.ts";
export * from "./profiles-config-schema.ts";
export * from "./pricing-config-schema.ts";
