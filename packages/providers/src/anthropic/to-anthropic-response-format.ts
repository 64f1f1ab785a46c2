import type { JsonSchema, ResponseFormat } from "@chorus/core";
import type { OutputConfig, Tool } from "@anthropic-ai/sdk/resources/messages";
import { transformJSONSchema } from "@anthropic-ai/sdk/lib/transform-json-schema";

/**
 * How an OpenAI `response_format` is asked of Anthropic. A JSON schema uses
 * native structured output (`output_config.format`); plain JSON mode has no
 * native form, so a forced tool whose input is any object carries the answer,
 * and the adapter returns that input as the message text.
 */
export type AnthropicJsonPlan =
  | { kind: "none" }
  | { kind: "native"; outputConfig: OutputConfig }
  | { kind: "tool"; tool: Tool; instruction: string };

export const JSON_TOOL_NAME = "json_response";

const JSON_TOOL: Tool = {
  name: JSON_TOOL_NAME,
  description: "Give your complete answer as this tool's input: one JSON object.",
  input_schema: { type: "object", additionalProperties: true },
};

const JSON_INSTRUCTION = `Answer with a single JSON object, passed as the input of the ${JSON_TOOL_NAME} tool.`;

/**
 * Client schemas carry `$schema`, `title`, `strict` and open `additionalProperties`;
 * the SDK's own transform keeps what structured output supports and folds the
 * rest into descriptions. A schema it cannot read goes as sent, minus `$schema`.
 */
export function toAnthropicSchema(schema: JsonSchema): JsonSchema {
  try {
    return transformJSONSchema(schema);
  } catch {
    const rest = { ...schema };
    delete rest.$schema;
    return rest;
  }
}

export function toAnthropicJsonPlan(format: ResponseFormat | undefined): AnthropicJsonPlan {
  if (format?.type === "json_schema" && format.json_schema.schema) {
    return { kind: "native", outputConfig: { format: { type: "json_schema", schema: toAnthropicSchema(format.json_schema.schema) } } };
  }
  if (format?.type === "json_schema" || format?.type === "json_object") {
    return { kind: "tool", tool: JSON_TOOL, instruction: JSON_INSTRUCTION };
  }
  return { kind: "none" };
}
