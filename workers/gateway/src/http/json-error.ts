import { GatewayError, type OpenAIErrorBody } from "@chorus/core";

/** An OpenAI-shaped error response; the one way every error leaves the gateway. */
export function jsonError(error: GatewayError, extraHeaders?: Headers): Response {
  const headers = new Headers(extraHeaders);
  headers.set("content-type", "application/json");
  for (const [name, value] of Object.entries(error.headers)) headers.set(name, value);
  if (error.retryAfterSeconds !== undefined) headers.set("retry-after", String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
  const body: OpenAIErrorBody = error.toBody();
  return new Response(JSON.stringify(body), { status: error.status, headers });
}
