import type { MiddlewareHandler } from "hono";

const ALLOWED_HEADERS = new Set(["authorization", "content-type", "idempotency-key", "accept", "user-agent"]);
const ALLOWED_PREFIXES = ["x-chorus-", "x-stainless-"];
const EXPOSED = [
  "x-chorus-request-id", "x-chorus-provider", "x-chorus-model", "x-chorus-profile", "x-chorus-attempts",
  "x-chorus-fallback", "x-chorus-cache", "x-chorus-route", "x-chorus-degraded", "x-chorus-idempotent-replay", "x-chorus-persona", "x-chorus-prompt",
  "x-chorus-context-trimmed", "x-chorus-context-dropped", "x-chorus-guardrails", "x-chorus-structured", "retry-after",
].join(", ");

function headerAllowed(name: string): boolean {
  return ALLOWED_HEADERS.has(name) || ALLOWED_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/**
 * CORS for the origins in CORS_ORIGINS only. Preflights are answered here;
 * headers go on every response from an allowed origin, error answers included.
 */
export function cors(allowedOrigins: (c: Parameters<MiddlewareHandler>[0]) => ReadonlySet<string>): MiddlewareHandler {
  return async function cors(c, next) {
    const origin = c.req.header("origin");
    const allowed = origin !== undefined && allowedOrigins(c).has(origin);
    if (c.req.method === "OPTIONS" && c.req.header("access-control-request-method")) {
      const headers = new Headers({ vary: "Origin" });
      if (allowed) {
        const requested = (c.req.header("access-control-request-headers") ?? "")
          .split(",").map((name) => name.trim().toLowerCase()).filter(Boolean);
        headers.set("access-control-allow-origin", origin);
        headers.set("access-control-allow-methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
        headers.set("access-control-allow-headers", requested.filter(headerAllowed).join(", "));
        headers.set("access-control-max-age", "600");
      }
      return new Response(null, { status: 204, headers });
    }
    await next();
    c.res.headers.append("vary", "Origin");
    if (allowed) {
      c.res.headers.set("access-control-allow-origin", origin);
      c.res.headers.set("access-control-expose-headers", EXPOSED);
    }
  };
}
