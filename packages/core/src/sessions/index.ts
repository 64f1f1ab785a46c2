export * from "./session-schemas.ts";
export * from "./speaker-view.ts";
