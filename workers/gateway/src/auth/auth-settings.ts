import { readSetting } from "@chorus/core";
import type { JWSAlgorithm } from "jose";
import { ConfigError } from "../config/config-error.ts";
import type { GatewayVariable, GatewayVariables } from "../env.ts";

/** Signature algorithms a JWKS may be used with; symmetric ones are absent on purpose (no HS/RS key confusion). */
export const ASYMMETRIC_ALGORITHMS = [
  "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519",
] as const satisfies readonly JWSAlgorithm[];
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

const MIN_SECRET_LENGTH = 32;

export type JwtSettings =
  | { kind: "secret"; secret: string; issuer: string[] | undefined; audience: string[] | undefined }
  | { kind: "jwks"; url: URL; issuer: string[]; audience: string[]; algorithms: AsymmetricAlgorithm[] };

/** Where the claims CONTRACT.md names live in this identity provider's tokens. */
export interface ClaimNames {
  emailVerified: string;
  plan: string;
  role: string;
  workspace: string;
}

export interface AuthSettings {
  jwt: JwtSettings;
  claims: ClaimNames;
  /** What an absent e-mail-verified claim means; an explicit `false` is always the sample tier. */
  assumeEmailVerified: boolean;
  adminToken: string | undefined;
  /** CHORUS_DEV_LOGIN=true and tokens are HS256 with the local secret (no JWKS). */
  devLogin: boolean;
}

function list(env: GatewayVariables, name: GatewayVariable): string[] | undefined {
  const values = readSetting(env, name)?.split(",").map((item) => item.trim()).filter(Boolean);
  return values && values.length > 0 ? values : undefined;
}

function flag(env: GatewayVariables, name: GatewayVariable): boolean {
  const value = readSetting(env, name)?.toLowerCase();
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  throw new ConfigError(`${name} must be "true" or "false", got ${JSON.stringify(env[name])}`);
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

function jwksUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`AUTH_JWKS_URL is not a URL: ${JSON.stringify(raw)}`);
  }
  // Signing keys fetched in clear text could be swapped in transit; plain http only for a local test server.
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname))) {
    throw new ConfigError(`AUTH_JWKS_URL must be an https:// URL, got ${JSON.stringify(raw)}`);
  }
  return url;
}

function algorithms(env: GatewayVariables): AsymmetricAlgorithm[] {
  const names = list(env, "AUTH_JWT_ALGORITHMS") ?? ["RS256", "ES256"];
  for (const name of names) {
    if (!(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(name)) {
      throw new ConfigError(`AUTH_JWT_ALGORITHMS: ${JSON.stringify(name)} is not allowed with AUTH_JWKS_URL; use ${ASYMMETRIC_ALGORITHMS.join(", ")}`);
    }
  }
  return names as AsymmetricAlgorithm[];
}

function jwtSettings(env: GatewayVariables): JwtSettings {
  const url = readSetting(env, "AUTH_JWKS_URL");
  const issuer = list(env, "AUTH_ISSUER");
  const audience = list(env, "AUTH_AUDIENCE");
  // With a JWKS the local secret is ignored: accepting both would let a leaked development secret mint production tokens.
  if (url !== undefined) {
    if (!issuer) throw new ConfigError("AUTH_ISSUER is required with AUTH_JWKS_URL (the identity provider's issuer, exactly as in its tokens' \"iss\")");
    if (!audience) throw new ConfigError("AUTH_AUDIENCE is required with AUTH_JWKS_URL (the audience your identity provider puts in \"aud\" for this API)");
    return { kind: "jwks", url: jwksUrl(url), issuer, audience, algorithms: algorithms(env) };
  }
  const secret = readSetting(env, "AUTH_JWT_SECRET");
  if (secret === undefined) {
    throw new ConfigError("No way to verify tokens: set AUTH_JWT_SECRET (development, HS256) or AUTH_JWKS_URL with AUTH_ISSUER and AUTH_AUDIENCE (production)");
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`AUTH_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 48\`)`);
  }
  if (list(env, "AUTH_JWT_ALGORITHMS")) throw new ConfigError("AUTH_JWT_ALGORITHMS applies to AUTH_JWKS_URL only; AUTH_JWT_SECRET always means HS256");
  return { kind: "secret", secret, issuer, audience };
}

function adminToken(env: GatewayVariables): string | undefined {
  const token = readSetting(env, "ADMIN_TOKEN");
  if (token !== undefined && token.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`ADMIN_TOKEN must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`);
  }
  return token;
}

/** Auth configuration from the environment; every mistake is a ConfigError naming the variable. */
export function buildAuthSettings(env: GatewayVariables): AuthSettings {
  const jwt = jwtSettings(env);
  return {
    jwt,
    claims: {
      emailVerified: readSetting(env, "AUTH_EMAIL_VERIFIED_CLAIM") ?? "email_verified",
      plan: readSetting(env, "AUTH_PLAN_CLAIM") ?? "plan",
      role: readSetting(env, "AUTH_ROLE_CLAIM") ?? "role",
      workspace: readSetting(env, "AUTH_WORKSPACE_CLAIM") ?? "org_id",
    },
    assumeEmailVerified: flag(env, "AUTH_ASSUME_EMAIL_VERIFIED"),
    adminToken: adminToken(env),
    devLogin: flag(env, "CHORUS_DEV_LOGIN") && jwt.kind === "secret",
  };
}

const cache = new WeakMap<object, AuthSettings>();

/** Parsed once per bindings object, like the gateway config. */
export function authSettings(env: GatewayVariables): AuthSettings {
  let settings = cache.get(env);
  if (!settings) {
    settings = buildAuthSettings(env);
    cache.set(env, settings);
  }
  return settings;
}
