/**
 * A fake Gemini API (`/v1beta/models/{model}:{task}`) on loopback, speaking the
 * real wire format so `@google/generative-ai` runs its own request building,
 * SSE parsing and error handling. Steered by scenario directives in the model.
 */
import type { ServerResponse } from "node:http";
import { countTokens, planAnswer, type AnswerInput, type PlannedAnswer } from "./fake-answer.ts";
import { sleep, startFakeServer, writeSse, type FakeServer, type RecordedRequest } from "./fake-server.ts";
import { parseScenario, ScenarioCounter, type Scenario } from "./scenario.ts";

interface Part {
  text?: string;
  functionCall?: { name: string; args?: unknown };
  functionResponse?: { name: string; response?: unknown };
}
interface Content { role?: string; parts?: Part[] }
interface GenerateBody {
  contents?: Content[];
  systemInstruction?: Content;
  tools?: { functionDeclarations?: { name: string; parameters?: Record<string, unknown> }[] }[];
  toolConfig?: { functionCallingConfig?: { mode?: string; allowedFunctionNames?: string[] } };
  generationConfig?: { responseMimeType?: string; responseSchema?: Record<string, unknown> };
}
interface EmbedRequest { model?: string; content?: Content; outputDimensionality?: number }

const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED",
};
/** Thinking tokens in every answer, as Gemini 2.5+ reports them beside candidate tokens. */
export const GEMINI_FAKE_THOUGHT_TOKENS = 3;
const RPC = "type.googleapis.com/google.rpc.";
/** The Schema fields the real API knows; any other key is a 400 there, so here too. */
const SCHEMA_FIELDS = new Set(["type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "properties",
  "required", "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "example", "anyOf", "propertyOrdering", "default",
  "items", "minimum", "maximum"]);

function sendError(res: ServerResponse, code: number, message: string, details?: unknown[]): void {
  const error = { code, message, status: STATUS_NAMES[code] ?? "UNKNOWN", ...(details ? { details } : {}) };
  res.writeHead(code, { "content-type": "application/json; charset=UTF-8" }).end(JSON.stringify({ error }));
}

function schemaProblem(schema: unknown, at: string): string | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  for (const [key, value] of Object.entries(schema)) {
    if (!SCHEMA_FIELDS.has(key)) return `Invalid JSON payload received. Unknown name "${key}" at '${at}': Cannot find field.`;
    if (key === "type" && typeof value !== "string") return `Invalid JSON payload received. Invalid value at '${at}.type'`;
    const nested: [unknown, string][] = key === "properties" ? Object.entries(value as object).map(([name, sub]) => [sub, `${at}.properties[${name}].value`])
      : key === "items" ? [[value, `${at}.items`]]
      : key === "anyOf" ? (value as unknown[]).map((sub, i) => [sub, `${at}.any_of[${i}]`]) : [];
    for (const [sub, path] of nested) {
      const problem = schemaProblem(sub, path);
      if (problem) return problem;
    }
  }
  return undefined;
}

function requestProblem(body: GenerateBody): string | undefined {
  for (const content of body.contents ?? []) {
    if (content.role !== "user" && content.role !== "model") return "Please use a valid role: user, model.";
    if (!content.parts?.length) return "* GenerateContentRequest.contents: contents.parts must not be empty.";
  }
  const declarations = (body.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []);
  return declarations.map((fn, i) => schemaProblem(fn.parameters, `tools[0].function_declarations[${i}].parameters`)).find(Boolean)
    ?? schemaProblem(body.generationConfig?.responseSchema, "generation_config.response_schema");
}

const textOf = (content: Content | undefined) => (content?.parts ?? []).map((part) => part.text ?? "").join("");

function answerInput(body: GenerateBody): AnswerInput {
  const contents = body.contents ?? [];
  const lastUser = contents.findLast((content) => content.role === "user" && content.parts?.some((part) => part.text !== undefined));
  const result = (contents.at(-1)?.parts ?? []).findLast((part) => part.functionResponse)?.functionResponse?.response;
  const wrapped = result as { content?: unknown } | undefined;
  const config = body.toolConfig?.functionCallingConfig;
  const allowed = config?.allowedFunctionNames ?? [];
  const json = body.generationConfig?.responseMimeType === "application/json";
  return {
    lastUserText: textOf(lastUser),
    allText: [textOf(body.systemInstruction), ...contents.flatMap((content) => (content.parts ?? []).map((part) =>
      part.text ?? JSON.stringify(part.functionCall?.args ?? part.functionResponse?.response ?? "")))].join(" "),
    tools: (body.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []).map(({ name, parameters }) => ({ name, parameters })),
    toolChoice: config?.mode === "NONE" ? "none" : config?.mode === "ANY" ? (allowed.length === 1 ? allowed[0]! : "required") : "auto",
    ...(result === undefined ? {} : { toolResult: typeof wrapped?.content === "string" ? wrapped.content : JSON.stringify(result) }),
    ...(json ? { jsonSchema: body.generationConfig?.responseSchema ?? {} } : {}),
  };
}

const usage = (prompt: number, completion: number) => ({
  promptTokenCount: prompt, candidatesTokenCount: completion, thoughtsTokenCount: GEMINI_FAKE_THOUGHT_TOKENS,
  totalTokenCount: prompt + completion + GEMINI_FAKE_THOUGHT_TOKENS,
});

/** The answer's parts, one entry per stream chunk; a refusal has none. */
function chunkParts({ plan }: PlannedAnswer, scenario: Scenario): Part[][] {
  if (scenario.refuse) return [[]];
  if (plan.kind === "tool_call") return [[{ functionCall: { name: plan.name, args: JSON.parse(plan.arguments) } }]];
  return plan.chunks.map((text) => [{ text }]);
}

function candidate(parts: Part[], finishReason: string | undefined) {
  const safety = finishReason === "SAFETY" ? { safetyRatings: [{ category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH", blocked: true }] } : {};
  return { ...(parts.length > 0 ? { content: { role: "model", parts } } : {}), ...(finishReason ? { finishReason } : {}), index: 0, ...safety };
}

async function generate(body: GenerateBody, model: string, stream: boolean, scenario: Scenario, res: ServerResponse): Promise<void> {
  const problem = requestProblem(body);
  if (problem) return sendError(res, 400, problem);
  const planned = planAnswer(answerInput(body), scenario, model);
  const chunks = chunkParts(planned, scenario);
  const finish = scenario.refuse ? "SAFETY" : "STOP";
  const tokensUpTo = (i: number) => (scenario.refuse ? 0 : planned.plan.kind === "text" ? countTokens(planned.plan.chunks.slice(0, i + 1).join("")) : planned.completionTokens);
  const response = (parts: Part[], i: number, last: boolean) =>
    ({ candidates: [candidate(parts, last ? finish : undefined)], usageMetadata: usage(planned.promptTokens, tokensUpTo(i)), modelVersion: model });
  if (!stream) {
    res.writeHead(200, { "content-type": "application/json; charset=UTF-8" }).end(JSON.stringify(response(chunks.flat(), chunks.length - 1, true)));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.flushHeaders();
  for (const [i, parts] of chunks.entries()) {
    if (i === scenario.cutAfter) {
      await sleep(20); // let the chunks written so far reach the client before the socket dies
      res.destroy();
      return;
    }
    if (i > 0 && scenario.chunkMs > 0) await sleep(scenario.chunkMs);
    writeSse(res, response(parts, i, i === chunks.length - 1));
  }
  res.end();
}

/** A deterministic unit vector: equal texts embed equally. */
function vector(text: string, dimensions = 8): number[] {
  const values = new Array<number>(dimensions).fill(0);
  for (let i = 0; i < text.length; i++) values[i % dimensions]! += text.charCodeAt(i) / 255;
  const norm = Math.hypot(...values) || 1;
  return values.map((value) => value / norm);
}

function embed(body: unknown, model: string, batch: boolean, res: ServerResponse): void {
  const requests: EmbedRequest[] = batch ? (body as { requests?: EmbedRequest[] }).requests ?? [] : [body as EmbedRequest];
  if (batch && requests.some((request) => request.model !== `models/${model}`)) {
    return sendError(res, 400, `Model names should be the same in the request and in the batch: models/${model}`);
  }
  const embeddings = requests.map((request) => ({ values: vector(textOf(request.content), request.outputDimensionality) }));
  res.writeHead(200, { "content-type": "application/json; charset=UTF-8" }).end(JSON.stringify(batch ? { embeddings } : { embedding: embeddings[0] }));
}

async function handle(request: RecordedRequest, res: ServerResponse, counter: ScenarioCounter): Promise<void> {
  const url = new URL(request.path, "http://fake");
  const route = /^\/v1beta\/models\/([^/:]+):(\w+)$/.exec(url.pathname);
  if (!route) return sendError(res, 404, `Requested entity was not found: ${url.pathname}`);
  const key = request.headers["x-goog-api-key"] ?? url.searchParams.get("key");
  if (!key) return sendError(res, 403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
  const model = decodeURIComponent(route[1]!);
  const task = route[2]!;
  const scenario = parseScenario(model);
  const failing = (scenario.status !== undefined || scenario.quota || scenario.hang) && counter.shouldFail(model, scenario);
  if (failing && scenario.hang) {
    await new Promise((resolve) => res.on("close", resolve));
    return;
  }
  if (scenario.firstTokenMs > 0) await sleep(scenario.firstTokenMs);
  if (failing && scenario.quota) {
    return sendError(res, 429, "You exceeded your current quota, please check your plan and billing details.", [
      { "@type": `${RPC}QuotaFailure`, violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests", quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier", quotaValue: "1500" }] },
      { "@type": `${RPC}RetryInfo`, retryDelay: "41s" },
    ]);
  }
  if (failing && scenario.status !== undefined) {
    const retry = scenario.retryAfter !== undefined ? [{ "@type": `${RPC}RetryInfo`, retryDelay: `${scenario.retryAfter}s` }] : undefined;
    return sendError(res, scenario.status, `The fake model failed with ${scenario.status} as asked.`, retry);
  }
  if (task === "generateContent" || task === "streamGenerateContent") {
    return generate(request.body as GenerateBody, scenario.base, task === "streamGenerateContent", scenario, res);
  }
  if (task === "embedContent" || task === "batchEmbedContents") return embed(request.body, model, task === "batchEmbedContents", res);
  return sendError(res, 404, `Method not found: ${task}`);
}

/** Starts the fake Gemini API; one scenario counter per fake, so `times=N` counts its own requests. */
export function startGeminiFake(port?: number): Promise<FakeServer> {
  const counter = new ScenarioCounter();
  return startFakeServer((request, res) => handle(request, res, counter), port);
}
