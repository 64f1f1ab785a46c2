import type { AdapterOptions } from "@chorus/core";
import OpenAI from "openai";

export interface OpenAIClientOptions extends AdapterOptions {
  apiKey: string;
  baseURL: string;
}

/** The SDK client one adapter uses for its whole life, configured from `options` alone. */
export function createOpenAIClient(options: OpenAIClientOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    // Left unset, the SDK reads OPENAI_ORG_ID and friends from process.env,
    // which Workers fill from bindings: a Groq or own-key client would carry
    // the platform's OpenAI organisation.
    organization: null,
    project: null,
    adminAPIKey: null,
    // The router retries, with backoff, under the request's deadline.
    maxRetries: 0,
    defaultHeaders: options.headers,
    fetch: options.fetch,
  });
}
