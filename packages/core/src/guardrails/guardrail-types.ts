import type * as z from "zod";
import type { guardrailsSchema } from "./guardrails-schema.ts";

/** A feature's rails as configured (`features.<name>.guardrails`). */
export type Guardrails = z.output<typeof guardrailsSchema>;

/** An output rail, as named in `param` of a 422 `guardrail_violation`. */
export type RailName = "jsonSchema" | "pii" | "phrases" | "markdown";

/** What the gateway does about a violation: try the next candidate, or stop. Schema and markdown violations retry. */
export type ViolationAction = "block" | "retry";

export interface Violation {
  rail: RailName;
  action: ViolationAction;
  /** What was wrong, for the log (never the offending text itself). */
  detail: string;
}

/** `x-chorus-guardrails`: how a feature's answer came through its rails. */
export type GuardrailOutcome = "passed" | "redacted" | "retried" | "fallback";
