import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";
import { API_ROUTES } from "../openapi/api-routes.ts";
import { openApiDocument } from "../openapi/openapi-document.ts";
import { REFERENCE_HTML, REFERENCE_SCRIPT, REFERENCE_SCRIPT_PATH } from "../openapi/reference-page.ts";

let document: string | undefined;

/** `GET /openapi.json`, `GET /docs` and its script: the API described, and its reference page, all served by the Worker. */
export const apiDocs = new Hono<{ Bindings: GatewayEnv }>()
  .get("/openapi.json", (c) => {
    // Generated once per isolate: the table and schemas do not change while it runs.
    document ??= JSON.stringify(openApiDocument(API_ROUTES));
    return c.body(document, 200, { "content-type": "application/json; charset=utf-8" });
  })
  .get("/docs", (c) => c.html(REFERENCE_HTML, 200, { "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'" }))
  .get(REFERENCE_SCRIPT_PATH, (c) => c.body(REFERENCE_SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=3600" }));
