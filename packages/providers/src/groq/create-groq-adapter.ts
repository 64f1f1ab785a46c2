import type { AdapterOptions, ChatAdapter } from "@chorus/core";
import { createOpenAIAdapter } from "../openai/index.ts";

/** Groq's OpenAI-compatible endpoint; `GROQ_BASE_URL` overrides it with the same `/openai/v1` suffix. */
export const GROQ_DEFAULT_BASE_URL = "https://api.groq.com/openai/v1";

/** Groq speaks OpenAI's wire format, so its adapter is OpenAI's at Groq's address. */
export function createGroqAdapter(options: AdapterOptions): ChatAdapter {
  return createOpenAIAdapter({ ...options, baseURL: options.baseURL ?? GROQ_DEFAULT_BASE_URL, provider: "groq" });
}
