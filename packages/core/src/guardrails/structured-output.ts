import type { ChatCompletion, ChatRequest } from "../chat-types.ts";
import { checkJsonSchema, type JsonSchemaVerdict } from "./check-json-schema.ts";

/** What a `response_format: json_schema` request asks the gateway to hold an answer to. */
export interface StructuredRequest {
  schema: Record<string, unknown>;
  strict: boolean;
}

/** `x-chorus-structured`: how a structured answer came to match its schema. */
export type StructuredOutcome = "valid" | "repaired" | "fallback";

export function structuredRequestOf(body: ChatRequest): StructuredRequest | undefined {
  const format = body.response_format;
  if (format?.type !== "json_schema" || !format.json_schema.schema) return undefined;
  return { schema: format.json_schema.schema, strict: format.json_schema.strict === true };
}

/** The text of a completion's first choice: what a structured answer is. */
export function answerText(completion: ChatCompletion): string {
  return completion.choices[0]?.message.content ?? "";
}

export function checkStructured(completion: ChatCompletion, request: StructuredRequest): JsonSchemaVerdict {
  return checkJsonSchema(answerText(completion), request.schema);
}

/** The request once more, with the invalid answer and what is wrong with it: one chance to repair it. */
export function repairRequest(body: ChatRequest, completion: ChatCompletion, errors: readonly string[]): ChatRequest {
  return {
    ...body,
    messages: [
      ...body.messages,
      { role: "assistant", content: answerText(completion) },
      {
        role: "user",
        content: `Your answer does not match the required JSON Schema:\n${errors.map((error) => `- ${error}`).join("\n")}\nAnswer again with only the corrected JSON.`,
      },
    ],
  };
}
