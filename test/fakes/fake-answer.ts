/**
 * What a fake model answers, decided once for every wire format: each fake
 * parses its provider's request into an `AnswerInput` and renders the plan in
 * its provider's response format.
 */
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

/** An example value of a JSON schema: the same input always gives the same value. */
export function exampleFor(schema: Record<string, unknown> | undefined, key = "value"): unknown {
  if (!schema) return key;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "object" || schema.properties) {
    const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    return Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, exampleFor(sub, name)]));
  }
  if (type === "array") return [exampleFor(schema.items as Record<string, unknown> | undefined, key)];
  if (type === "integer" || type === "number") return 42;
  if (type === "boolean") return true;
  return `${key}-example`;
}

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
