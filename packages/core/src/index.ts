export * from "./chat-types.ts";
export * from "./chat-adapter.ts";
export * from "./upstream-error.ts";
export * from "./gateway-error.ts";
export * from "./clock.ts";
export * from "./provider-catalog.ts";
