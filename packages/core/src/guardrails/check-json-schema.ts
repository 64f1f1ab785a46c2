import { validatorFor } from "../json-schema/json-schema-validator.ts";

export type JsonSchemaVerdict = { valid: true; value: unknown } | { valid: false; errors: string[] };

const WRAPPERS: ReadonlySet<string> = new Set(["properties", "items", "prefixItems", "allOf", "$ref", "$dynamicRef"]);

/**
 * `text` parsed as JSON and validated against `schema` (JSON Schema 2020-12,
 * by an interpreter: Workers forbid code generation). Errors say where and
 * what, for the log and for a repair prompt.
 */
export function checkJsonSchema(text: string, schema: Record<string, unknown>): JsonSchemaVerdict {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { valid: false, errors: [`not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const result = validatorFor(schema).validate(value);
  if (result.valid) return { valid: true, value };
  // The errors of the failing keywords say what is wrong; the wrappers above them only repeat "does not match".
  const leaves = result.errors.filter((error) => !WRAPPERS.has(error.keyword));
  return { valid: false, errors: (leaves.length > 0 ? leaves : result.errors).map((error) => `${error.instanceLocation}: ${error.error}`) };
}
