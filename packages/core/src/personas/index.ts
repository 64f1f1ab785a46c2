export * from "./persona-schema.ts";
export * from "./persona-ref.ts";
export * from "./persona-viewer.ts";
export * from "./persona-errors.ts";
export * from "./slug-persona-key.ts";
export * from "./character-card.ts";
export * from "./card-to-persona.ts";
export * from "./persona-to-card.ts";
