/**
 * A fake Anthropic Messages API (`POST /v1/messages`), JSON and SSE, steered by
 * the scenario in the model name (see scenario.ts). One extra directive is
 * Anthropic's own: `sseError` (with `status`) answers 200 and sends an `error`
 * event in the stream, right away or, as `sseError=N`, after N text deltas.
 */
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import { planAnswer, type AnswerInput, type PlannedAnswer } from "./fake-answer.ts";
import { sleep, startFakeServer, writeSse, type FakeServer } from "./fake-server.ts";
import { ScenarioCounter, parseScenario, type Scenario } from "./scenario.ts";

type Block =
  | { type: "text"; text: string }
  | { type: "image"; source: unknown }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; tool_use_id: string; content?: string | { type: string; text?: string }[] };

interface MessagesBody {
  model: string;
  stream?: boolean;
  system?: string | { text: string }[];
  messages: { role: string; content: string | Block[] }[];
  tools?: { name: string; input_schema?: Record<string, unknown> }[];
  tool_choice?: { type: "auto" | "any" | "none" | "tool"; name?: string };
  output_config?: { format?: { type: string; schema: Record<string, unknown> } };
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error", 401: "authentication_error", 402: "billing_error", 403: "permission_error",
  404: "not_found_error", 413: "request_too_large", 429: "rate_limit_error", 500: "api_error", 504: "timeout_error", 529: "overloaded_error",
};
const ERROR_MESSAGES: Record<string, string> = {
  overloaded_error: "Overloaded", rate_limit_error: "Number of request tokens has exceeded your per-minute rate limit",
  api_error: "Internal server error", authentication_error: "invalid x-api-key", invalid_request_error: "Invalid request",
};
const QUOTA_MESSAGE = "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.";

const errorType = (status: number) => ERROR_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");

function errorBody(type: string, message = ERROR_MESSAGES[type] ?? type) {
  return { type: "error", error: { type, message }, request_id: "req_fake" };
}

function sendError(res: ServerResponse, status: number, type: string, message?: string, retryAfter?: number): void {
  const headers: Record<string, string> = { "content-type": "application/json", "request-id": "req_fake" };
  if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
  res.writeHead(status, headers).end(JSON.stringify(errorBody(type, message)));
}

/** The real API takes the key as `x-api-key` or, from SDK 1.x on, as a bearer token. */
function hasKey(headers: IncomingHttpHeaders): boolean {
  return Boolean(headers["x-api-key"]) || /^Bearer \S+/.test(headers.authorization ?? "");
}

const blocksOf = (content: string | Block[]): Block[] => (typeof content === "string" ? [{ type: "text", text: content }] : content);
const textOf = (blocks: Block[]) => blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join(" ");
const resultText = (block: Extract<Block, { type: "tool_result" }>) =>
  typeof block.content === "string" ? block.content : (block.content ?? []).map((part) => part.text ?? "").join("");

export function toAnswerInput(body: MessagesBody): AnswerInput {
  const system = typeof body.system === "string" ? body.system : (body.system ?? []).map((b) => b.text).join(" ");
  const turns = body.messages.map((m) => ({ role: m.role, blocks: blocksOf(m.content) }));
  const lastUser = turns.filter((t) => t.role === "user").at(-1);
  const last = turns.at(-1);
  const lastResult = last?.role === "user" ? last.blocks.filter((b) => b.type === "tool_result").at(-1) : undefined;
  const allText = [system, ...turns.flatMap((t) => t.blocks.map((b) =>
    b.type === "text" ? b.text : b.type === "tool_result" ? resultText(b) : b.type === "tool_use" ? JSON.stringify(b.input) : ""))].join(" ");
  const choice = body.tool_choice;
  const toolChoice = !choice ? "auto" : choice.type === "any" ? "required" : choice.type === "tool" ? (choice.name ?? "auto") : choice.type;
  const format = body.output_config?.format;
  return {
    lastUserText: lastUser ? textOf(lastUser.blocks) : "",
    allText,
    tools: (body.tools ?? []).map((t) => ({ name: t.name, parameters: t.input_schema })),
    toolChoice,
    ...(lastResult?.type === "tool_result" ? { toolResult: resultText(lastResult) } : {}),
    ...(format?.type === "json_schema" ? { jsonSchema: format.schema } : {}),
  };
}

let messageCount = 0;

function usageOf(answer: PlannedAnswer) {
  // A fixed share of the prompt reads as cached, so tests see all three input counts.
  const cacheRead = Math.floor(answer.promptTokens / 2);
  const cacheCreation = answer.promptTokens > cacheRead ? 1 : 0;
  return {
    input_tokens: answer.promptTokens - cacheRead - cacheCreation,
    cache_read_input_tokens: cacheRead,
    cache_creation_input_tokens: cacheCreation,
    output_tokens: answer.completionTokens,
  };
}

function messageOf(model: string, answer: PlannedAnswer, refuse: boolean) {
  const plan = answer.plan;
  const content = refuse ? [] : plan.kind === "text"
    ? [{ type: "text", text: plan.text, citations: null }]
    : [{ type: "tool_use", id: plan.callId, name: plan.name, input: JSON.parse(plan.arguments), caller: { type: "direct" } }];
  const stopReason = refuse ? "refusal" : plan.kind === "tool_call" ? "tool_use" : "end_turn";
  return {
    id: `msg_fake_${++messageCount}`, type: "message", role: "assistant", model, content,
    stop_reason: stopReason, stop_sequence: null, container: null, diagnostics: null,
    stop_details: refuse ? { type: "refusal", category: null, explanation: "The fake declines." } : null,
    usage: { ...usageOf(answer), cache_creation: null, inference_geo: null, output_tokens_details: null, server_tool_use: null, service_tier: "standard", speed: null },
  };
}

/** Writes the real event sequence, stopping early when the client goes away or the scenario cuts or fails it. */
async function writeStream(res: ServerResponse, model: string, answer: PlannedAnswer, scenario: Scenario, sseError?: { type: string; after: number }): Promise<void> {
  const message = messageOf(model, answer, scenario.refuse);
  const open = () => !res.destroyed && !res.writableEnded;
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "request-id": "req_fake" });
  writeSse(res, { type: "message_start", message: { ...message, content: [], stop_reason: null, stop_details: null, usage: { ...message.usage, output_tokens: 1 } } }, "message_start");
  await sleep(scenario.firstTokenMs);
  const fail = (sent: number) => {
    if (!sseError || sent !== sseError.after) return false;
    writeSse(res, errorBody(sseError.type), "error");
    res.end();
    return true;
  };
  if (fail(0)) return;
  const plan = answer.plan;
  if (!scenario.refuse) {
    const block = message.content[0]!;
    writeSse(res, { type: "content_block_start", index: 0, content_block: plan.kind === "text" ? { ...block, text: "" } : { ...block, input: {} } }, "content_block_start");
    writeSse(res, { type: "ping" }, "ping");
    const pieces = plan.kind === "text" ? plan.chunks : [plan.arguments.slice(0, Math.ceil(plan.arguments.length / 2)), plan.arguments.slice(Math.ceil(plan.arguments.length / 2))];
    for (const [sent, piece] of pieces.entries()) {
      if (!open()) return;
      if (sent > 0) await sleep(scenario.chunkMs);
      if (plan.kind === "text" && sent === scenario.cutAfter) {
        res.destroy();
        return;
      }
      if (plan.kind === "text" && fail(sent)) return;
      const delta = plan.kind === "text" ? { type: "text_delta", text: piece } : { type: "input_json_delta", partial_json: piece };
      writeSse(res, { type: "content_block_delta", index: 0, delta }, "content_block_delta");
    }
    writeSse(res, { type: "content_block_stop", index: 0 }, "content_block_stop");
  }
  if (!open()) return;
  const usage = { output_tokens: message.usage.output_tokens, input_tokens: null, cache_read_input_tokens: null, cache_creation_input_tokens: null, output_tokens_details: null, server_tool_use: null };
  writeSse(res, { type: "message_delta", delta: { stop_reason: message.stop_reason, stop_sequence: null, stop_details: message.stop_details, container: null }, usage }, "message_delta");
  writeSse(res, { type: "message_stop" }, "message_stop");
  res.end();
}

export function startAnthropicFake(port?: number): Promise<FakeServer> {
  const counter = new ScenarioCounter();
  return startFakeServer(async (request, res) => {
    res.on("error", () => undefined);
    if (request.method !== "POST" || request.path.split("?")[0] !== "/v1/messages") return sendError(res, 404, "not_found_error", `${request.method} ${request.path} not found`);
    if (!hasKey(request.headers)) return sendError(res, 401, "authentication_error", "x-api-key header is required");
    if (!request.headers["anthropic-version"]) return sendError(res, 400, "invalid_request_error", "anthropic-version: header is required");
    const body = request.body as MessagesBody;
    const scenario = parseScenario(body.model);
    if (scenario.hang) return new Promise<void>((resolve) => res.on("close", resolve));
    const sseErrorAfter = /~sseError(?:=(\d+))?/.exec(body.model);
    const failing = (scenario.status !== undefined || scenario.quota) && counter.shouldFail(body.model, scenario);
    if (failing && !(sseErrorAfter && body.stream)) {
      await sleep(scenario.firstTokenMs);
      const status = scenario.status ?? 400;
      return sendError(res, status, errorType(status), scenario.quota ? QUOTA_MESSAGE : undefined, scenario.retryAfter);
    }
    const answer = planAnswer(toAnswerInput(body), scenario, body.model);
    if (body.stream) {
      const sseError = failing && sseErrorAfter ? { type: errorType(scenario.status ?? 500), after: Number(sseErrorAfter[1] ?? 0) } : undefined;
      return writeStream(res, body.model, answer, scenario, sseError);
    }
    await sleep(scenario.firstTokenMs);
    res.writeHead(200, { "content-type": "application/json", "request-id": "req_fake" }).end(JSON.stringify(messageOf(body.model, answer, scenario.refuse)));
  }, port);
}
