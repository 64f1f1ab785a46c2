export * from "./prompt-schema.ts";
export * from "./prompt-template.ts";
export * from "./prompt-errors.ts";
export * from "./choose-split-version.ts";
export * from "./resolve-prompt-version.ts";
export * from "./render-prompt.ts";
