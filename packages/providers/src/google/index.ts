export { createGoogleAdapter } from "./create-google-adapter.ts";
export { sanitizeGeminiSchema, type GeminiSchema } from "./sanitize-gemini-schema.ts";
