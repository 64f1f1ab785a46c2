import { hashApiKey } from "@chorus/db";
import type { Context, MiddlewareHandler } from "hono";
import type { JWTPayload } from "jose";
import type { GatewayEnv } from "../env.ts";
import { authRequired, authUnavailable, invalidToken } from "./auth-errors.ts";
import { authSettings, type AuthSettings } from "./auth-settings.ts";
import { ApiKeyCache } from "./api-key-cache.ts";
import { API_KEY_PREFIX, isApiKeyShaped } from "./api-key-shape.ts";
import type { ApiKeyLookup } from "./api-key-lookup.ts";
import { bearerCredential } from "./bearer-credential.ts";
import { JwtVerifier, KeySetUnavailable } from "./jwt-verifier.ts";
import { pathMatcher } from "./path-matcher.ts";
import { principalFromClaims } from "./principal-from-claims.ts";
import { toPlan, type Principal } from "./principal.ts";
import { secretsEqual } from "./secrets-equal.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** Set by `auth()` on every path that is not public. */
    principal: Principal;
  }
}

type GatewayContext = Context<{ Bindings: GatewayEnv }>;

/** Paths served without a credential. CORS preflights never get here: the CORS middleware answers them first. */
export const DEFAULT_PUBLIC_PATHS: readonly string[] = ["/", "/healthz", "/docs", "/docs/*", "/openapi.json", "/dev/login"];

/** The identity behind ADMIN_TOKEN; not a user, so it owns no settings, keys or usage. */
export const ADMIN_TOKEN_USER_ID = "admin-token";

export interface AuthOptions {
  /** Finds a stored API key by the SHA-256 hex of the presented `ck_...` key (`hashApiKey`); `lookupApiKeyInD1` in production. */
  lookupApiKey: ApiKeyLookup;
  /** Found keys kept per isolate (default: 60 s); pass one in to `forget` a key when an admin revokes it. */
  apiKeyCache?: ApiKeyCache;
  /** Exact paths, or `/prefix/*`; default DEFAULT_PUBLIC_PATHS. */
  publicPaths?: readonly string[];
  /** Where `Authorization: Bearer <ADMIN_TOKEN>` is accepted; default `/admin/*`. */
  adminTokenPaths?: readonly string[];
  /** Auth configuration for a request; default parsed from the Worker's bindings (`authSettings(c.env)`). */
  settings?: (c: GatewayContext) => AuthSettings;
  /** fetch used to download the JWKS; default the global fetch. */
  fetch?: typeof fetch;
}

const INVALID_API_KEY = "The API key is invalid.";

/**
 * Authentication: puts the caller's `principal` on the context, or refuses
 * with 401 (`auth_required` with no credential, `invalid_token` for a bad
 * one) before any handler runs. A credential is, in order: ADMIN_TOKEN (on
 * admin paths only), a `ck_...` API key, or a JWT.
 */
export function auth(options: AuthOptions): MiddlewareHandler<{ Bindings: GatewayEnv }> {
  if (typeof options?.lookupApiKey !== "function") throw new Error("auth(): lookupApiKey must be a function (hash, c) => Promise<ApiKeyRecord | undefined>");
  const isPublic = pathMatcher(options.publicPaths ?? DEFAULT_PUBLIC_PATHS, "auth(): publicPaths");
  const isAdminTokenPath = pathMatcher(options.adminTokenPaths ?? ["/admin/*"], "auth(): adminTokenPaths");
  const settingsFor = options.settings ?? ((c: GatewayContext) => authSettings(c.env));
  const lookupApiKey = options.lookupApiKey;
  const apiKeys = options.apiKeyCache ?? new ApiKeyCache();
  const verifier = new JwtVerifier(options.fetch ? { fetch: options.fetch } : {});

  async function fromApiKey(key: string, c: GatewayContext): Promise<Principal> {
    if (!isApiKeyShaped(key)) throw invalidToken(INVALID_API_KEY);
    const hash = await hashApiKey(key);
    let record = apiKeys.get(hash);
    if (!record) {
      record = await lookupApiKey(hash, c);
      if (!record) throw invalidToken(INVALID_API_KEY);
      apiKeys.set(hash, record);
    }
    if (record.revoked) throw invalidToken("The API key has been revoked.");
    return {
      userId: record.userId,
      tier: "verified",
      plan: toPlan(record.plan),
      role: undefined,
      emailVerified: true,
      credential: "api_key",
      apiKeyId: record.id,
    };
  }

  async function fromJwt(token: string, settings: AuthSettings, c: GatewayContext): Promise<Principal> {
    let payload: JWTPayload;
    try {
      payload = await verifier.verify(token, settings.jwt);
    } catch (error) {
      if (!(error instanceof KeySetUnavailable)) throw error;
      console.error(JSON.stringify({ requestId: c.get("requestId"), error: `auth: JWKS unavailable: ${error.message}` }));
      throw authUnavailable();
    }
    const principal = principalFromClaims(payload, settings);
    if (!principal) throw invalidToken("The token's \"sub\" claim is not a usable user id.");
    return principal;
  }

  return async function auth(c, next) {
    if (isPublic(c.req.path)) return next();
    // Read first, so a misconfigured gateway says so (500 naming the variable) rather than refusing everyone.
    const settings = settingsFor(c);
    const credential = bearerCredential(c.req.header("authorization"));
    if (credential.kind === "missing") throw authRequired();
    if (credential.kind === "other_scheme") throw authRequired("Only the Bearer scheme is accepted: send Authorization: Bearer <token or API key>.");
    if (credential.kind === "malformed") throw invalidToken("The bearer credential is malformed.");
    const value = credential.value;
    let principal: Principal;
    if (settings.adminToken !== undefined && isAdminTokenPath(c.req.path) && (await secretsEqual(value, settings.adminToken))) {
      principal = { userId: ADMIN_TOKEN_USER_ID, tier: "verified", plan: "free", role: "admin", emailVerified: true, credential: "admin_token" };
    } else if (value.startsWith(API_KEY_PREFIX)) {
      principal = await fromApiKey(value, c);
    } else {
      principal = await fromJwt(value, settings, c);
    }
    c.set("principal", principal);
    await next();
  };
}
