import type { EmbedContentRequest, GenerateContentResponse, GenerationConfig, UsageMetadata } from "@google/generative-ai";

/**
 * Fields the Gemini API sends and accepts that the types of
 * `@google/generative-ai` 0.24.1 lack. Declared here, as subtypes of the SDK's
 * own, so the rest of the folder stays typed without casts.
 */
export interface GeminiUsageMetadata extends UsageMetadata {
  /** Tokens spent thinking; billed as output. */
  thoughtsTokenCount?: number;
}

export interface GeminiGenerationConfig extends GenerationConfig {
  seed?: number;
}

export interface GeminiEmbedContentRequest extends EmbedContentRequest {
  outputDimensionality?: number;
}

/** A response part as the API sends it: thinking models mark thought summaries. */
export interface GeminiResponsePart {
  text?: string;
  thought?: boolean;
  functionCall?: { name: string; args?: object };
}

/** The response read loosely: any field may be missing on a blocked or cut answer. */
export interface GeminiResponse extends Omit<GenerateContentResponse, "usageMetadata" | "candidates"> {
  candidates?: {
    content?: { parts?: GeminiResponsePart[] };
    finishReason?: string;
  }[];
  usageMetadata?: GeminiUsageMetadata;
}
