import type { AdapterOptions, ChatAdapter } from "@chorus/core";
import { createOpenAIAdapter } from "../openai/index.ts";

/**
 * Sent as the bearer token when no key is configured: local servers (Ollama,
 * llama.cpp, vLLM) ignore it, and the SDK refuses to run without one.
 */
export const LOCAL_PLACEHOLDER_API_KEY = "chorus-local-no-key";

/** Any OpenAI-compatible server at `LOCAL_BASE_URL`, with or without a key. */
export function createLocalAdapter(options: AdapterOptions): ChatAdapter {
  if (!options.baseURL) throw new Error("local adapter: a base URL is required (LOCAL_BASE_URL)");
  return createOpenAIAdapter({ ...options, apiKey: options.apiKey || LOCAL_PLACEHOLDER_API_KEY, provider: "local" });
}
