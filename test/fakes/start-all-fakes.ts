import { startAnthropicFake } from "./anthropic-fake.ts";
import type { FakeServer } from "./fake-server.ts";
import { startGeminiFake } from "./gemini-fake.ts";
import { startOpenAIFake } from "./openai-fake.ts";

export interface AllFakes {
  openai: FakeServer;
  anthropic: FakeServer;
  google: FakeServer;
}

/** One fake per wire format, and the variables that point every provider at them. */
export async function startAllFakes(): Promise<AllFakes & { env: Record<string, string> }> {
  const [openai, anthropic, google] = await Promise.all([startOpenAIFake(), startAnthropicFake(), startGeminiFake()]);
  return {
    openai, anthropic, google,
    env: {
      OPENAI_API_KEY: "sk-test-openai",
      OPENAI_BASE_URL: `${openai.url}/v1`,
      ANTHROPIC_API_KEY: "sk-ant-test",
      ANTHROPIC_BASE_URL: anthropic.url,
      GOOGLE_API_KEY: "google-test-key",
      GOOGLE_BASE_URL: google.url,
      GROQ_API_KEY: "gsk-test",
      GROQ_BASE_URL: `${openai.url}/openai/v1`,
      LOCAL_BASE_URL: `${openai.url}/v1`,
    },
  };
}
