import { GatewayError } from "@chorus/core";
import type { Context } from "hono";
import type * as z from "zod";

function paramOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

/** The request body as JSON; a body that is not JSON is a 400. */
export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json<unknown>();
  } catch (error) {
    // Only a parse failure is the client's bad JSON; a body-limit abort must reach its own handler.
    if (!(error instanceof SyntaxError)) throw error;
    throw new GatewayError({ status: 400, code: "invalid_json", message: "The request body is not valid JSON." });
  }
}

/** `value` checked against `schema`; every failure is a 400 naming the field. */
export function validateBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const param = paramOf(issue.path);
  throw new GatewayError({
    status: 400,
    code: "invalid_request",
    param: param || null,
    message: param ? `Invalid '${param}': ${issue.message}` : `Invalid request body: ${issue.message}`,
  });
}

/** The request body parsed and checked against `schema`. */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return validateBody(schema, await readJson(c));
}
