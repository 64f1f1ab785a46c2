import { GatewayError } from "@chorus/core";
import { Hono, type Context } from "hono";
import { SignJWT } from "jose";
import * as z from "zod";
import type { GatewayEnv } from "../env.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { authSettings } from "./auth-settings.ts";
import { PLANS } from "./principal.ts";

/** Long enough for a working day on the console, short enough that a stray token goes stale. */
const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export const devLoginBody = z.strictObject({
  sub: z.string().min(1).max(255).regex(/^[^\u0000-\u001f\u007f]+$/, "no control characters").optional(),
  plan: z.enum(PLANS).optional(),
  emailVerified: z.boolean().optional(),
  role: z.literal("admin").optional(),
});

function notFound(c: Context): GatewayError {
  return new GatewayError({ status: 404, code: "not_found", message: `No route for ${c.req.method} ${c.req.path}.` });
}

/**
 * `POST /dev/login {"sub"?, "plan"?, "emailVerified"?, "role"?}` -> `{token, expiresAt}`:
 * an HS256 token for whoever asks, so `npm start` has a way in without an
 * identity provider. It exists only when CHORUS_DEV_LOGIN=true, no JWKS is
 * configured, and the request came to a loopback host; anywhere else it is
 * the same 404 as an unknown route, so a deployment does not reveal it.
 */
export const devLogin = new Hono<{ Bindings: GatewayEnv }>().post("/login", async (c) => {
  const settings = authSettings(c.env);
  if (!settings.devLogin || settings.jwt.kind !== "secret" || !LOOPBACK_HOSTS.has(new URL(c.req.url).hostname)) throw notFound(c);
  const empty = c.req.raw.body === null || c.req.header("content-length") === "0";
  const body = empty ? {} : await readJsonBody(c, devLoginBody);
  const { secret, issuer, audience } = settings.jwt;
  const { claims } = settings;
  const now = Math.floor(Date.now() / 1000);
  const expiresAt = now + TOKEN_LIFETIME_SECONDS;
  // Claims go under the configured names so the token reads back exactly as sent.
  const payload: Record<string, unknown> = {
    [claims.emailVerified]: body.emailVerified ?? true,
    [claims.plan]: body.plan ?? "free",
    ...(body.role && { [claims.role]: body.role }),
  };
  let jwt = new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(body.sub ?? "dev-user").setIssuedAt(now).setExpirationTime(expiresAt);
  if (issuer) jwt = jwt.setIssuer(issuer[0]!);
  if (audience) jwt = jwt.setAudience(audience[0]!);
  const token = await jwt.sign(new TextEncoder().encode(secret));
  return c.json({ token, expiresAt: new Date(expiresAt * 1000).toISOString() });
});
