import * as z from "zod";
import { jsonBoundsProblem } from "./json-bounds.ts";

/**
 * A free-form JSON object from a caller (a tool's `parameters`, a response
 * format's `schema`), checked against `JSON_BOUNDS` here so that every
 * recursive walk of it later (each adapter's schema translation, the cache
 * key) only ever sees bounded input: too deep or too large is a 400 naming
 * the field, never a stack overflow.
 */
export const jsonObjectSchema = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const problem = jsonBoundsProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
