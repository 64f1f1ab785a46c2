export { createGroqAdapter, GROQ_DEFAULT_BASE_URL } from "./create-groq-adapter.ts";
