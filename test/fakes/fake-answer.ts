/**
 * What a fake model answers, decided once for every wire format: each fake
 * parses its provider's request into an `AnswerInput` and renders the plan in
 * its provider's response format.
 */
import { exampleForSchema } from "../../packages/providers/src/demo/example-for-schema.ts";
import type { Scenario } from "./scenario.ts";

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

/** Structured answers given per model string, for `badJson=N`. */
const structuredSeen = new Map<string, number>();

/** Whether this structured answer misses its schema (`badJson`). */
function missesSchema(scenario: Scenario | undefined, model: string): boolean {
  if (scenario?.badJson === undefined) return false;
  const seen = (structuredSeen.get(model) ?? 0) + 1;
  structuredSeen.set(model, seen);
  return seen <= scenario.badJson;
}

const FILLER = "lorem ipsum dolor sit amet ";

/** `text` padded with filler words to about `bytes` (`~answerBytes=`); the bench checks answers against it too. */
export function paddedAnswer(text: string, bytes: number): string {
  let padded = text;
  while (padded.length + FILLER.length <= bytes) padded += ` ${FILLER.trim()}`;
  return padded;
}

/** A supervisor's review as `~score=N~revise=part` asks. */
function reviewOf(scenario: Scenario): Record<string, unknown> {
  return { score: scenario.score, notes: "Fake review.", revise: scenario.revise ? [{ part: scenario.revise, instruction: `Improve ${scenario.revise}.` }] : [] };
}

/** `model` (the whole string, directives too) and its scenario steer what is said: `badJson`, `answerBytes`. */
export function planAnswer(input: AnswerInput, scenario?: Scenario, model = ""): PlannedAnswer {
  const promptTokens = countTokens(input.allText);
  const wantsTool = input.tools.length > 0 && input.toolChoice !== "none" && input.toolResult === undefined;
  if (wantsTool) {
    const forced = input.tools.find((tool) => tool.name === input.toolChoice);
    const tool = forced ?? input.tools[0]!;
    const args = JSON.stringify(exampleFor(tool.parameters ?? { type: "object" }));
    return { plan: { kind: "tool_call", name: tool.name, arguments: args, callId: `call_${tool.name}_1` }, promptTokens, completionTokens: countTokens(args) + 1 };
  }
  let text = input.jsonSchema
    ? JSON.stringify(missesSchema(scenario, model) ? { unexpected: true } : scenario?.score !== undefined ? reviewOf(scenario)
      : Object.keys(input.jsonSchema).length > 0 ? exampleFor(input.jsonSchema) : { echo: input.lastUserText })
    : input.toolResult !== undefined
      ? `Tool said: ${input.toolResult}`
      : `Echo: ${input.lastUserText}`;
  if (!input.jsonSchema && scenario?.markdown) text = `### Details\n<b>${text}</b>`;
  if (!input.jsonSchema && scenario?.pii) text += " Write to jane.doe@example.com or pay with 4111 1111 1111 1111.";
  if (!input.jsonSchema && scenario?.answerBytes !== undefined) text = paddedAnswer(text, scenario.answerBytes);
  const chunks = text.match(/\S+\s*/g) ?? [text];
  return { plan: { kind: "text", text, chunks }, promptTokens, completionTokens: countTokens(text) };
}
