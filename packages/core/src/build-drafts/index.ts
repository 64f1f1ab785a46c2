export * from "./build-draft-schema.ts";
