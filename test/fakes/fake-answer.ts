/**
 * What a fake model answers, decided once for every wire format: each fake
 * parses its provider's request into an `AnswerInput` and renders the plan in
 * its provider's response format.
 */
import { exampleForSchema } from "../../packages/providers/src/demo/example-for-schema.ts";

export interface ToolSpec {
  name: string;
  parameters?: Record<string, unknown>;
}

export interface AnswerInput {
  /** Text of the last user message (all its text parts joined). */
  lastUserText: string;
  /** All message text, for counting prompt tokens. */
  allText: string;
  tools: ToolSpec[];
  /** `none`, `auto`, `required` or a tool name that must be called. */
  toolChoice: string;
  /** Content of the tool result if the last message is one. */
  toolResult?: string;
  /** JSON schema asked for, or `{}` for plain JSON mode. */
  jsonSchema?: Record<string, unknown>;
}

export type AnswerPlan =
  | { kind: "text"; text: string; chunks: string[] }
  | { kind: "tool_call"; name: string; arguments: string; callId: string };

export interface PlannedAnswer {
  plan: AnswerPlan;
  promptTokens: number;
  completionTokens: number;
}

export function countTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The fakes answer structured requests exactly as the demo model does. */
export const exampleFor = exampleForSchema;

export function planAnswer(input: AnswerInput): PlannedAnswer {
  const promptTokens = countTokens(input.allText);
  const wantsTool = input.tools.length > 0 && input.toolChoice !== "none" && input.toolResult === undefined;
  if (wantsTool) {
    const forced = input.tools.find((tool) => tool.name === input.toolChoice);
    const tool = forced ?? input.tools[0]!;
    const args = JSON.stringify(exampleFor(tool.parameters ?? { type: "object" }));
    return { plan: { kind: "tool_call", name: tool.name, arguments: args, callId: `call_${tool.name}_1` }, promptTokens, completionTokens: countTokens(args) + 1 };
  }
  const text = input.jsonSchema
    ? JSON.stringify(Object.keys(input.jsonSchema).length > 0 ? exampleFor(input.jsonSchema) : { echo: input.lastUserText })
    : input.toolResult !== undefined
      ? `Tool said: ${input.toolResult}`
      : `Echo: ${input.lastUserText}`;
  const chunks = text.match(/\S+\s*/g) ?? [text];
  return { plan: { kind: "text", text, chunks }, promptTokens, completionTokens: countTokens(text) };
}
