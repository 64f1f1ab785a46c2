/**
 * A fake OpenAI (and Groq, under `/openai/v1`) speaking the real wire format:
 * `chat.completion` JSON, SSE chunks ending `data: [DONE]`, embeddings and
 * OpenAI's error bodies, steered by directives in the model name (scenario.ts).
 */
import type { ServerResponse } from "node:http";
import { countTokens, planAnswer, type AnswerInput, type AnswerPlan, type PlannedAnswer } from "./fake-answer.ts";
import { sleep, startFakeServer, type FakeServer, type RecordedRequest } from "./fake-server.ts";
import { parseScenario, ScenarioCounter, type Scenario } from "./scenario.ts";

type WireContent = string | { type: string; text?: string }[] | null | undefined;

interface WireChatBody {
  model: string;
  messages?: { role: string; content?: WireContent }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  tools?: { type: string; function: { name: string; parameters?: Record<string, unknown> } }[];
  tool_choice?: string | { type: string; function: { name: string } };
  response_format?: { type: string; json_schema?: { schema?: Record<string, unknown> } };
}

interface WireEmbeddingBody {
  model: string;
  input: string | (string | number | number[])[];
  dimensions?: number;
  encoding_format?: "float" | "base64";
}

interface WireError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

type Delta = Record<string, unknown>;

/** What OpenAI answers with for a status; other statuses get a generic body of the same shape. */
const ERRORS: Readonly<Record<number, Omit<WireError, "param">>> = {
  400: { message: "Invalid value for 'messages': the fake was told to reject this request.", type: "invalid_request_error", code: null },
  401: { message: "Incorrect API key provided: sk-fake****1234. You can find your API key at https://platform.openai.com/account/api-keys.", type: "invalid_request_error", code: "invalid_api_key" },
  403: { message: "Country, region, or territory not supported", type: "invalid_request_error", code: "unsupported_country_region_territory" },
  404: { message: "The model does not exist or you do not have access to it.", type: "invalid_request_error", code: "model_not_found" },
  429: { message: "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1.", type: "requests", code: "rate_limit_exceeded" },
  500: { message: "The server had an error while processing your request. Sorry about that!", type: "server_error", code: null },
  503: { message: "The engine is currently overloaded, please try again later.", type: "server_error", code: null },
};

const QUOTA_ERROR: WireError = {
  message: "You exceeded your current quota, please check your plan and billing details.",
  type: "insufficient_quota", param: null, code: "insufficient_quota",
};

const MISSING_KEY_ERROR: WireError = {
  message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
  type: "invalid_request_error", param: null, code: null,
};

let sequence = 0;

function errorFor(status: number): WireError {
  const known = ERRORS[status];
  return known ? { ...known, param: null } : { message: `The fake upstream failed with ${status}.`, type: status >= 500 ? "server_error" : "invalid_request_error", param: null, code: null };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "x-request-id": `req_fake_${++sequence}`, ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, error: WireError, retryAfter?: number): void {
  sendJson(res, status, { error }, retryAfter === undefined ? {} : { "retry-after": String(retryAfter) });
}

/** Writes one SSE event and waits until it is handed to the socket, so a cut after it still delivers it. */
function sendEvent(res: ServerResponse, data: unknown): Promise<void> {
  return new Promise((resolve) => res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`, () => resolve()));
}

function textOf(content: WireContent): string {
  if (typeof content === "string") return content;
  return (content ?? []).flatMap((part) => (part.type === "text" && part.text ? [part.text] : [])).join(" ");
}

function toAnswerInput(body: WireChatBody): AnswerInput {
  const messages = body.messages ?? [];
  const last = messages.at(-1);
  const format = body.response_format;
  const jsonSchema = format?.type === "json_schema" ? (format.json_schema?.schema ?? {}) : format?.type === "json_object" ? {} : undefined;
  return {
    lastUserText: textOf(messages.findLast((message) => message.role === "user")?.content),
    allText: messages.map((message) => textOf(message.content)).join("\n"),
    tools: (body.tools ?? []).map((tool) => ({ name: tool.function.name, parameters: tool.function.parameters })),
    toolChoice: typeof body.tool_choice === "string" ? body.tool_choice : (body.tool_choice?.function.name ?? "auto"),
    ...(last?.role === "tool" && { toolResult: textOf(last.content) }),
    ...(jsonSchema && { jsonSchema }),
  };
}

function usageOf(planned: PlannedAnswer, refused: boolean) {
  const completion = refused ? 0 : planned.completionTokens;
  return {
    prompt_tokens: planned.promptTokens,
    completion_tokens: completion,
    total_tokens: planned.promptTokens + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function finishReasonOf(plan: AnswerPlan, refused: boolean): string {
  if (refused) return "content_filter";
  return plan.kind === "tool_call" ? "tool_calls" : "stop";
}

function messageOf(plan: AnswerPlan, refused: boolean) {
  const message = { role: "assistant", content: null, refusal: null, annotations: [] };
  if (refused) return message;
  if (plan.kind === "text") return { ...message, content: plan.text };
  return { ...message, tool_calls: [{ id: plan.callId, type: "function", function: { name: plan.name, arguments: plan.arguments } }] };
}

/** Splits `text` into 2 or 3 pieces (one when it is a single character), as OpenAI streams arguments. */
function pieces(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 3));
  return text.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) ?? [""];
}

/** The deltas after the role chunk: one per planned text chunk, or a tool call and its argument fragments. */
function deltasOf(plan: AnswerPlan): Delta[] {
  if (plan.kind === "text") return plan.chunks.map((content) => ({ content }));
  const opening = { tool_calls: [{ index: 0, id: plan.callId, type: "function", function: { name: plan.name, arguments: "" } }] };
  return [opening, ...pieces(plan.arguments).map((fragment) => ({ tool_calls: [{ index: 0, function: { arguments: fragment } }] }))];
}

function completionOf(body: WireChatBody, planned: PlannedAnswer, scenario: Scenario) {
  return {
    id: `chatcmpl-fake-${++sequence}`, object: "chat.completion", created: Math.floor(Date.now() / 1000), model: body.model,
    choices: [{ index: 0, message: messageOf(planned.plan, scenario.refuse), logprobs: null, finish_reason: finishReasonOf(planned.plan, scenario.refuse) }],
    usage: usageOf(planned, scenario.refuse), service_tier: "default", system_fingerprint: "fp_fake",
  };
}

async function streamAnswer(res: ServerResponse, body: WireChatBody, planned: PlannedAnswer, scenario: Scenario): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-request-id": `req_fake_${++sequence}` });
  res.flushHeaders();
  const includeUsage = body.stream_options?.include_usage === true;
  // With include_usage, OpenAI puts `usage: null` on every chunk but the last.
  const base = { id: `chatcmpl-fake-${++sequence}`, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: body.model, system_fingerprint: "fp_fake", ...(includeUsage && { usage: null }) };
  const chunk = (delta: Delta, finishReason: string | null = null) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });

  await sleep(scenario.firstTokenMs);
  if (res.destroyed) return;
  await sendEvent(res, chunk({ role: "assistant", content: "", refusal: null }));
  const deltas = scenario.refuse ? [] : deltasOf(planned.plan);
  for (const [index, delta] of deltas.entries()) {
    if (index === scenario.cutAfter) break;
    if (index > 0) await sleep(scenario.chunkMs);
    if (res.destroyed) return;
    await sendEvent(res, chunk(delta));
  }
  if (scenario.cutAfter !== undefined) {
    res.destroy();
    return;
  }
  await sendEvent(res, chunk({}, finishReasonOf(planned.plan, scenario.refuse)));
  if (includeUsage) await sendEvent(res, { ...base, choices: [], usage: usageOf(planned, scenario.refuse) });
  await sendEvent(res, "[DONE]");
  res.end();
}

/** Deterministic unit vectors from character codes: equal texts embed equally, different ones differ. */
function embeddingOf(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (let i = 0; i < text.length; i++) vector[i % dimensions]! += text.charCodeAt(i) / 255;
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

function embeddingsOf(body: WireEmbeddingBody) {
  const inputs = (Array.isArray(body.input) ? body.input : [body.input]).map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
  const tokens = inputs.reduce((sum, text) => sum + countTokens(text), 0);
  const encode = (vector: number[]) => (body.encoding_format === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector);
  return {
    object: "list",
    data: inputs.map((text, index) => ({ object: "embedding", index, embedding: encode(embeddingOf(text, body.dimensions ?? 8)) })),
    model: body.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

/** Never answers; ends when the client leaves, and does not keep the test process alive meanwhile. */
function hang(res: ServerResponse): Promise<void> {
  res.socket?.unref();
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => res.on("close", () => resolve()));
}

/** The scenario this request gets: its directives while `times` allows, then a plain answer. */
function scenarioFor(model: string, counter: ScenarioCounter): Scenario {
  const scenario = parseScenario(model);
  return counter.shouldFail(model, scenario) ? scenario : parseScenario(scenario.base);
}

async function handle(request: RecordedRequest, res: ServerResponse, counter: ScenarioCounter): Promise<void> {
  // Groq serves the same API under `/openai/v1`.
  const path = (request.path.split("?")[0] ?? "").replace(/^\/openai(?=\/v1\/)/, "");
  const endpoint = request.method === "POST" && (path === "/v1/chat/completions" || path === "/v1/embeddings") ? path : undefined;
  if (!endpoint) {
    sendError(res, 404, { message: `Invalid URL (${request.method} ${request.path})`, type: "invalid_request_error", param: null, code: null });
    return;
  }
  if (!/^Bearer \S+/.test(String(request.headers.authorization ?? ""))) {
    sendError(res, 401, MISSING_KEY_ERROR);
    return;
  }
  const body = request.body as WireChatBody & WireEmbeddingBody;
  const scenario = scenarioFor(typeof body.model === "string" ? body.model : "", counter);
  if (scenario.hang) return hang(res);
  const streamed = endpoint === "/v1/chat/completions" && body.stream === true;
  const failing = scenario.quota || scenario.status !== undefined;
  if (!streamed || failing) await sleep(scenario.firstTokenMs);
  if (scenario.quota) return sendError(res, 429, QUOTA_ERROR, scenario.retryAfter);
  if (scenario.status !== undefined) return sendError(res, scenario.status, errorFor(scenario.status), scenario.retryAfter);
  if (endpoint === "/v1/embeddings") return sendJson(res, 200, embeddingsOf(body));
  const planned = planAnswer(toAnswerInput(body), scenario, typeof body.model === "string" ? body.model : "");
  if (streamed) return streamAnswer(res, body, planned, scenario);
  sendJson(res, 200, completionOf(body, planned, scenario));
}

/** Starts the fake on loopback (`port` 0 or absent: any free port). */
export function startOpenAIFake(port?: number): Promise<FakeServer> {
  const counter = new ScenarioCounter();
  return startFakeServer((request, res) => handle(request, res, counter), port);
}
