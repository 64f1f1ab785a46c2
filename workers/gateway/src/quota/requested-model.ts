import type { Context } from "hono";

/**
 * The `model` a JSON request body names, read before the route validates it
 * (the parsed body is cached, so the route does not parse it again). A body
 * that is not JSON names none: the route answers it with its own 400.
 */
export async function requestedModel(c: Context): Promise<string | undefined> {
  let body: unknown;
  try {
    body = await c.req.json<unknown>();
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  if (typeof body !== "object" || body === null || !("model" in body)) return undefined;
  return typeof body.model === "string" ? body.model : undefined;
}
