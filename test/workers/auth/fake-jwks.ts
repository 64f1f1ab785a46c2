import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

export const ISSUER = "https://id.example.com/";
export const AUDIENCE = "https://api.chorus.example.com";
export const JWKS_URL = "https://id.example.com/.well-known/jwks.json";
export const JWKS_ENV = { AUTH_JWKS_URL: JWKS_URL, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE };

export interface SigningKey {
  alg: "RS256" | "ES256";
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function signingKey(alg: "RS256" | "ES256", kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

/** A token as the identity provider would issue it: iss, aud, exp one hour ahead, unless overridden. */
export async function idpToken(key: SigningKey, claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 3600, ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT", ...header })
    .sign(key.privateKey);
}

/**
 * The identity provider's JWKS endpoint as a fetch the middleware is given:
 * jose's remote key set runs all of its own code (download, cache, refetch on
 * an unknown kid, status and JSON checks) against it.
 */
export function fakeJwksEndpoint(keys: JWK[]) {
  const state = { keys, status: 200, requests: [] as string[] };
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = input instanceof Request ? input.url : String(input);
    state.requests.push(url);
    if (url !== JWKS_URL) return new Response("not found", { status: 404 });
    if (state.status !== 200) return new Response("unavailable", { status: state.status });
    return Response.json({ keys: state.keys });
  };
  return { state, fetch };
}
