import type { AdapterFactory, ProviderId } from "@chorus/core";
import { createAnthropicAdapter } from "./anthropic/index.ts";
import { createDemoAdapter } from "./demo/index.ts";
import { createGoogleAdapter } from "./google/index.ts";
import { createGroqAdapter } from "./groq/index.ts";
import { createLocalAdapter } from "./local/index.ts";
import { createOpenAIAdapter } from "./openai/index.ts";

/** How each provider's adapter is built: the one place that knows every provider. */
export const ADAPTER_FACTORIES: Readonly<Record<ProviderId, AdapterFactory>> = {
  openai: createOpenAIAdapter,
  anthropic: createAnthropicAdapter,
  google: createGoogleAdapter,
  groq: createGroqAdapter,
  local: createLocalAdapter,
  demo: createDemoAdapter,
};
