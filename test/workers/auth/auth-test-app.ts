import { GatewayError } from "@chorus/core";
import { env } from "cloudflare:test";
import { Hono } from "hono";
import { base64url, SignJWT, type JWTPayload } from "jose";
import { expect } from "vitest";
import { auth, type AuthOptions } from "../../../workers/gateway/src/auth/auth.ts";
import { devLogin } from "../../../workers/gateway/src/auth/dev-login-route.ts";
import { requireAdmin } from "../../../workers/gateway/src/auth/require-admin.ts";
import type { GatewayEnv } from "../../../workers/gateway/src/env.ts";
import { jsonError } from "../../../workers/gateway/src/http/json-error.ts";
import { toGatewayError } from "../../../workers/gateway/src/http/to-gateway-error.ts";
import { requestContext } from "../../../workers/gateway/src/middleware/request-context.ts";

export const SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
export const ADMIN_TOKEN = "admin-token-0123456789-abcdefghijklmnopqrstuvwxyz";
export const SECRET_ENV = { AUTH_JWT_SECRET: SECRET, ADMIN_TOKEN };

export type ErrorBody = { error: { message: string; type: string; code: string; param: string | null } };

export interface SendOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  authorization?: string;
  /** Bindings for this request on top of the test bindings. */
  env?: Record<string, string>;
  method?: string;
  body?: unknown;
  /** Origin the request goes to; the gateway tests use chorus.test, npm start 127.0.0.1. */
  origin?: string;
}

/**
 * A small app mounted the way the gateway will mount auth: request context,
 * auth, requireAdmin on /admin/*, the dev login route, the gateway's own
 * onError/notFound. `handled` records which handlers ran.
 */
export function authTestApp(options: Partial<AuthOptions> = {}) {
  const handled: string[] = [];
  const app = new Hono<{ Bindings: GatewayEnv }>();
  app.use(requestContext());
  app.use(auth({ lookupApiKey: async () => undefined, ...options }));
  app.use("/admin/*", requireAdmin());
  app.route("/dev", devLogin);
  app.get("/", (c) => { handled.push("/"); return c.text("console"); });
  app.get("/healthz", (c) => { handled.push("/healthz"); return c.json({ ok: true }); });
  app.get("/v1/whoami", (c) => { handled.push("/v1/whoami"); return c.json(c.var.principal); });
  app.get("/admin/ping", (c) => { handled.push("/admin/ping"); return c.json({ admin: c.var.principal.userId }); });
  app.notFound((c) => jsonError(new GatewayError({ status: 404, code: "not_found", message: `No route for ${c.req.method} ${c.req.path}.` })));
  app.onError((thrown, c) => {
    const { error, log } = toGatewayError(thrown);
    if (log) console.error(JSON.stringify({ requestId: c.get("requestId"), status: error.status, error: log }));
    return jsonError(error, c.res.headers);
  });

  /** Sends a request and checks that the credential presented comes back nowhere in the response. */
  async function send(path: string, options: SendOptions = {}): Promise<{ res: Response; text: string }> {
    const headers: Record<string, string> = {};
    const authorization = options.authorization ?? (options.token === undefined ? undefined : `Bearer ${options.token}`);
    if (authorization !== undefined) headers.authorization = authorization;
    const init: RequestInit = { method: options.method ?? (options.body === undefined ? "GET" : "POST"), headers };
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    const res = await app.request(`${options.origin ?? "http://chorus.test"}${path}`, init, { ...env, ...SECRET_ENV, ...options.env });
    const text = await res.text();
    const credential = authorization?.replace(/^bearer\s+/i, "");
    if (credential && credential.length >= 16) {
      expect(text).not.toContain(credential);
      for (const [, value] of res.headers) expect(value).not.toContain(credential);
    }
    return { res, text };
  }

  return { app, handled, send };
}

export interface TokenOptions {
  secret?: string;
  expiresIn?: number;
  header?: Record<string, unknown>;
}

/** An HS256 token like a development identity provider would issue; `exp` one hour ahead unless given. */
export async function hsToken(claims: JWTPayload, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ exp: now + (options.expiresIn ?? 3600), iat: now, ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", ...options.header })
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

export function errorOf(text: string): ErrorBody["error"] {
  return (JSON.parse(text) as ErrorBody).error;
}

/** A key of the shape `adminCreateApiKey` issues, for tests whose key table is a fake. */
export function newApiKey(): string {
  return `ck_${base64url.encode(crypto.getRandomValues(new Uint8Array(32)))}`;
}
