import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema";

const validators = new WeakMap<object, Validator>();

/**
 * The JSON Schema (2020-12) validator of `schema`, one per schema object: a
 * feature's or a pipeline's schema checks many values. `@cfworker/json-schema`
 * interprets the schema; validators that generate code (Ajv) cannot run in
 * Workers, which forbid `new Function`.
 */
export function validatorFor(schema: Record<string, unknown>): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator(schema as Schema, "2020-12", false);
    validators.set(schema, validator);
  }
  return validator;
}

/** An error's instance location as keys (`#/stops/0/name` -> `["stops", "0", "name"]`), JSON Pointer escapes undone. */
export function instancePath(error: OutputUnit): string[] {
  return error.instanceLocation.replace(/^#\/?/, "").split("/").filter(Boolean).map((key) => key.replaceAll("~1", "/").replaceAll("~0", "~"));
}
