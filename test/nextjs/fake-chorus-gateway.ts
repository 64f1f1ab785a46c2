/**
 * A fake Chorus gateway for chorus-build's gateway mode (CHORUS_URL): OpenAI
 * `chat.completion` JSON with the `x-chorus-provider` and `x-chorus-model`
 * headers naming who served, the profile's first candidate. Text answers say
 * which profile wrote them; json_schema answers are `structured`, a fixed
 * document the test renders. `down()` makes every request a 503 as the
 * gateway sends when no candidate could answer.
 */
import { startFakeServer, type FakeServer } from "../fakes/fake-server.ts";

export interface FakeChorusGateway extends FakeServer {
  /** From now on every request is answered 503 `upstream_unavailable`. */
  down(): void;
  /** Requests to /v1/chat/completions so far: each one a model call. */
  modelCalls(): number;
}

interface Profiles {
  profiles: Record<string, { candidates: { provider: string; model: string }[] }>;
}

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string };
}

export async function startFakeChorusGateway(profiles: Profiles, structured: unknown): Promise<FakeChorusGateway> {
  let up = true;
  const server = await startFakeServer((request, res) => {
    if (request.method !== "POST" || request.path !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error", code: "not_found", param: null } }));
      return;
    }
    if (!up) {
      res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({
        error: { message: "Every candidate failed: the providers are unavailable.", type: "server_error", code: "upstream_unavailable", param: null },
      }));
      return;
    }
    const body = request.body as ChatBody;
    const candidate = profiles.profiles[body.model]?.candidates[0];
    if (!candidate) {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `unknown model ${body.model}`, type: "invalid_request_error", code: "model_not_found", param: "model" } }));
      return;
    }
    const asked = body.messages.filter((message) => message.role === "user").map((message) => message.content).join(" ");
    const content = body.response_format?.type === "json_schema"
      ? JSON.stringify(structured)
      : `Written by the ${body.model} profile for the build test: ${asked}`;
    res.writeHead(200, {
      "content-type": "application/json",
      "x-chorus-provider": candidate.provider,
      "x-chorus-model": candidate.model,
      "x-chorus-route": `model=${body.model}`,
    }).end(JSON.stringify({
      id: `chatcmpl-build-test-${server.requests.length}`,
      object: "chat.completion",
      created: 1_767_225_600,
      model: `${candidate.provider}/${candidate.model}`,
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
      usage: { prompt_tokens: 20, completion_tokens: 40, total_tokens: 60 },
    }));
  });
  return {
    ...server,
    down: () => {
      up = false;
    },
    modelCalls: () => server.requests.filter((request) => request.path === "/v1/chat/completions").length,
  };
}
