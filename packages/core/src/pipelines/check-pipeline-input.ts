import { Validator, type Schema } from "@cfworker/json-schema";

const validators = new WeakMap<object, Validator>();

function validatorFor(schema: Record<string, unknown>): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    // An interpreter, not generated code: Workers forbid `new Function`.
    validator = new Validator(schema as Schema, "2020-12", false);
    validators.set(schema, validator);
  }
  return validator;
}

/** `#/stops/0/name` as `input.stops[0].name`: the field a 400 names. */
function fieldOf(instanceLocation: string): string {
  const keys = instanceLocation.replace(/^#\/?/, "").split("/").filter(Boolean).map((key) => key.replace(/~1/g, "/").replace(/~0/g, "~"));
  return keys.reduce((out, key) => (/^\d+$/.test(key) ? `${out}[${key}]` : `${out}.${key}`), "input");
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
  let param = fieldOf(error.instanceLocation);
  const missing = error.keyword === "required" ? /"([^"]+)"/.exec(error.error)?.[1] : undefined;
  if (missing) param = `${param}.${missing}`;
  return { param, message: `Invalid '${param}': ${error.error}` };
}
