import type { ChatRequest, FunctionTool, ResponseFormat, ToolChoice } from "@chorus/core";
import {
  FunctionCallingMode, type FunctionDeclaration, type FunctionDeclarationSchema, type GenerateContentRequest, type Schema, type ToolConfig,
} from "@google/generative-ai";
import type { GeminiGenerationConfig } from "./gemini-wire-types.ts";
import { sanitizeGeminiSchema, type GeminiSchema } from "./sanitize-gemini-schema.ts";
import { toGeminiContents } from "./to-gemini-contents.ts";

/**
 * The SDK types a schema as a union keyed on its `SchemaType` enum, narrower
 * than the OpenAPI subset the API accepts; the wire format is the same JSON.
 */
function asSdkSchema<T extends Schema | FunctionDeclarationSchema>(schema: GeminiSchema): T {
  return schema as unknown as T;
}

function toDeclaration(tool: FunctionTool): FunctionDeclaration {
  const { name, description, parameters } = tool.function;
  const schema = parameters ? sanitizeGeminiSchema(parameters) : undefined;
  // Gemini rejects an object schema without properties: a function without arguments has none.
  const usable = schema && Object.keys(schema.properties ?? {}).length > 0 ? schema : undefined;
  return {
    name,
    ...(description ? { description } : {}),
    ...(usable ? { parameters: asSdkSchema<FunctionDeclarationSchema>(usable) } : {}),
  };
}

function toToolConfig(choice: ToolChoice | undefined): ToolConfig | undefined {
  if (choice === undefined) return undefined;
  if (choice === "auto") return { functionCallingConfig: { mode: FunctionCallingMode.AUTO } };
  if (choice === "none") return { functionCallingConfig: { mode: FunctionCallingMode.NONE } };
  if (choice === "required") return { functionCallingConfig: { mode: FunctionCallingMode.ANY } };
  return { functionCallingConfig: { mode: FunctionCallingMode.ANY, allowedFunctionNames: [choice.function.name] } };
}

function toResponseConfig(format: ResponseFormat | undefined): GeminiGenerationConfig {
  if (format?.type === "json_object") return { responseMimeType: "application/json" };
  if (format?.type !== "json_schema") return {};
  const schema = format.json_schema.schema ? sanitizeGeminiSchema(format.json_schema.schema) : undefined;
  return { responseMimeType: "application/json", ...(schema ? { responseSchema: asSdkSchema<Schema>(schema) } : {}) };
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined && field !== null)) as T;

/** Penalties are left out: several Gemini models answer 400 to them, which would fail requests OpenAI accepts. */
function toGenerationConfig(request: ChatRequest): GeminiGenerationConfig {
  const stop = typeof request.stop === "string" ? [request.stop] : request.stop ?? undefined;
  return defined<GeminiGenerationConfig>({
    candidateCount: 1,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    stopSequences: stop && stop.length > 0 ? stop : undefined,
    seed: request.seed ?? undefined,
    ...toResponseConfig(request.response_format),
  });
}

/** An OpenAI chat request as the body of Gemini's `generateContent`. */
export function toGeminiRequest(request: ChatRequest): GenerateContentRequest {
  const { contents, systemInstruction } = toGeminiContents(request.messages);
  const tools = request.tools && request.tools.length > 0 ? request.tools : undefined;
  return defined<GenerateContentRequest>({
    contents,
    systemInstruction,
    tools: tools ? [{ functionDeclarations: tools.map(toDeclaration) }] : undefined,
    toolConfig: tools ? toToolConfig(request.tool_choice) : undefined,
    generationConfig: toGenerationConfig(request),
  });
}
