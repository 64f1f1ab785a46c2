import type { OutputUnit } from "@cfworker/json-schema";
import { instancePath, validatorFor } from "../json-schema/json-schema-validator.ts";

/** `#/stops/0/name` as `input.stops[0].name`: the field a 400 names. */
function fieldOf(error: OutputUnit): string {
  return instancePath(error).reduce((out, key) => (/^\d+$/.test(key) ? `${out}[${key}]` : `${out}.${key}`), "input");
}

/** The wrappers that only repeat that something inside failed. */
const WRAPPERS: ReadonlySet<string> = new Set(["properties", "items", "prefixItems", "allOf", "$ref", "additionalProperties"]);

export interface InputProblem {
  /** The field, as `input.a.b[0]`; a missing required field is named too. */
  param: string;
  message: string;
}

/** The first problem of a job's `input` against its pipeline's JSON Schema (2020-12), or undefined when it fits. */
export function checkPipelineInput(schema: Record<string, unknown>, input: unknown): InputProblem | undefined {
  const result = validatorFor(schema).validate(input);
  if (result.valid) return undefined;
  const error = result.errors.find((candidate) => !WRAPPERS.has(candidate.keyword)) ?? result.errors[0]!;
  let param = fieldOf(error);
  const missing = error.keyword === "required" ? /"([^"]+)"/.exec(error.error)?.[1] : undefined;
  if (missing) param = `${param}.${missing}`;
  return { param, message: `Invalid '${param}': ${error.error}` };
}
