/**
 * A model's answer as JSON with the `x-chorus-*` headers, built in one step:
 * `c.json` would build a Headers object and set each header on it, on every
 * AI request. The request-id, CORS and Vary headers are added by their
 * middleware afterwards, as on any response.
 */
export function modelResponse(body: unknown, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { headers: { "content-type": "application/json", ...headers } });
}
