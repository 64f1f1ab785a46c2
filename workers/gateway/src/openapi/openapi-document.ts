import * as z from "zod";
import type { ApiRoute, RouteContent } from "./api-route.ts";

type Json = Record<string, unknown>;

const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["message", "type", "code"],
      properties: {
        message: { type: "string" },
        type: { type: "string", description: "OpenAI's: invalid_request_error, authentication_error, permission_error, not_found_error, rate_limit_error, api_error" },
        code: { type: "string", description: "Chorus's reason: auth_required, sample_exhausted, ai_disabled, model_not_found, ..." },
        param: { type: ["string", "null"], description: "the field at fault, for a 400" },
      },
    },
  },
};

const SECURITY: Record<ApiRoute["auth"], Json[]> = {
  none: [],
  user: [{ bearer: [] }],
  admin: [{ bearer: [] }, { adminToken: [] }],
};

function contentOf(content: RouteContent): Json | undefined {
  const json = { "application/json": {} };
  const sse = { "text/event-stream": { schema: { type: "string" } } };
  switch (content) {
    case "json": return json;
    case "json-or-sse": return { ...json, ...sse };
    case "sse": return sse;
    case "html": return { "text/html": { schema: { type: "string" } } };
    case "javascript": return { "text/javascript": { schema: { type: "string" } } };
    case "empty": return undefined;
  }
}

/** The request bodies' JSON Schemas, from the routes' zod schemas, under `#/components/schemas/{name}`. */
function bodySchemas(routes: readonly ApiRoute[]): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const route of routes) {
    if (route.body && !registry.has(route.body.schema)) registry.add(route.body.schema, { id: route.body.name });
  }
  // `input`: what a client sends, before defaults and transforms. A check zod cannot express in JSON Schema (a custom refinement) is left open rather than failing the document.
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", io: "input", unrepresentable: "any", uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => {
    const { $schema: _dialect, ...rest } = schema as Json;
    return [name, rest];
  }));
}

function operation(route: ApiRoute): Json {
  const parameters = [
    ...[...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } })),
    ...Object.entries(route.query ?? {}).map(([name, description]) => ({ name, in: "query", required: false, description, schema: { type: "string" } })),
  ];
  const content = contentOf(route.content);
  const op: Json = {
    operationId: `${route.method}${route.path.replace(/\{(\w+)\}/g, "By-$1").replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? "").toUpperCase())}`,
    summary: route.summary,
    tags: [route.tag],
    security: SECURITY[route.auth],
    responses: {
      [String(route.status ?? 200)]: { description: route.response, ...(content && { content }) },
      default: { $ref: "#/components/responses/Error" },
    },
  };
  if (parameters.length > 0) op.parameters = parameters;
  if (route.body) {
    op.requestBody = { required: route.body.optional !== true, content: { "application/json": { schema: { $ref: `#/components/schemas/${route.body.name}` } } } };
  }
  return op;
}

/** The OpenAPI 3.1 document of `routes`. */
export function openApiDocument(routes: readonly ApiRoute[]): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: "3.1.1",
    info: {
      title: "Chorus gateway",
      version: "1",
      description: "An OpenAI-compatible LLM gateway: profiles, fallbacks, quotas, personas and sessions. Errors are OpenAI-shaped; every AI answer carries `x-chorus-*` headers.",
    },
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ...bodySchemas(routes), Error: ERROR_SCHEMA },
      responses: { Error: { description: "An OpenAI-shaped error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } } },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A user's JWT, or a `ck_` API key an admin created" },
        adminToken: { type: "http", scheme: "bearer", description: "ADMIN_TOKEN, for operators and scripts (`/admin/*` only)" },
      },
    },
  };
}
