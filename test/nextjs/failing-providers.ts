/**
 * Every provider down: one loopback server answering each request with a 503
 * in the wire format of the provider its path belongs to (Gemini under
 * /v1beta, Anthropic's /v1/messages, OpenAI's and Groq's otherwise).
 */
import { startFakeServer, type FakeServer } from "../fakes/fake-server.ts";

function errorBody(path: string): unknown {
  if (path.startsWith("/v1beta")) return { error: { code: 503, message: "The model is overloaded. Please try again later.", status: "UNAVAILABLE" } };
  if (path.startsWith("/v1/messages")) return { type: "error", error: { type: "overloaded_error", message: "Overloaded" } };
  return { error: { message: "The engine is currently overloaded, please try again later.", type: "server_error", param: null, code: null } };
}

export interface FailingProviders {
  server: FakeServer;
  /** Enables every provider, each pointed at the failing server; the demo model is off. */
  env: Record<string, string>;
}

export async function startFailingProviders(): Promise<FailingProviders> {
  const server = await startFakeServer((request, res) => {
    res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify(errorBody(request.path)));
  });
  return {
    server,
    env: {
      OPENAI_API_KEY: "sk-test-openai",
      OPENAI_BASE_URL: `${server.url}/v1`,
      ANTHROPIC_API_KEY: "sk-ant-test",
      ANTHROPIC_BASE_URL: server.url,
      GOOGLE_API_KEY: "google-test-key",
      GOOGLE_BASE_URL: server.url,
      GROQ_API_KEY: "gsk-test",
      GROQ_BASE_URL: `${server.url}/openai/v1`,
      LOCAL_BASE_URL: `${server.url}/v1`,
      DEMO_PROVIDER: "off",
      // The router's backoff between attempts, kept short: the outcome is the same.
      RETRY_BASE_DELAY_MS: "1",
      RETRY_MAX_DELAY_MS: "2",
    },
  };
}
