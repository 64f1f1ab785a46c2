import type * as z from "zod";

/** Who may call a route: anyone, a user (JWT or `ck_` API key), or an admin (`role: admin` or ADMIN_TOKEN). */
export type RouteAuth = "none" | "user" | "admin";

/** What a successful answer is. */
export type RouteContent = "json" | "json-or-sse" | "sse" | "html" | "javascript" | "empty";

/** One route of the public API (CONTRACT.md), as the OpenAPI document describes it. */
export interface ApiRoute {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI form: `{param}` where Hono has `:param`. */
  path: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  /** The schema the route validates its JSON body with, under the name it is listed as in `components.schemas`. */
  body?: { name: string; schema: z.ZodType; optional?: boolean };
  /** Query parameters, by name, with what they mean. */
  query?: Record<string, string>;
  /** The success status (200 unless told). */
  status?: number;
  content: RouteContent;
  /** What the successful answer holds. */
  response: string;
}
