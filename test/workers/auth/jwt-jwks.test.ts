import { base64url, SignJWT, UnsecuredJWT } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { authTestApp, errorOf, hsToken, SECRET } from "./auth-test-app.ts";
import { AUDIENCE, fakeJwksEndpoint, idpToken, ISSUER, JWKS_ENV, signingKey, type SigningKey } from "./fake-jwks.ts";

let rsa: SigningKey;
let ec: SigningKey;
let stranger: SigningKey;

beforeAll(async () => {
  [rsa, ec, stranger] = await Promise.all([signingKey("RS256", "rsa-1"), signingKey("ES256", "ec-1"), signingKey("RS256", "rsa-1")]);
});

function jwksApp() {
  const endpoint = fakeJwksEndpoint([rsa.publicJwk, ec.publicJwk]);
  const app = authTestApp({ fetch: endpoint.fetch });
  // The test bindings carry no AUTH_JWT_SECRET of their own; this one proves a JWKS takes over from it.
  const send = (path: string, token: string, env: Record<string, string> = {}) => app.send(path, { token, env: { ...JWKS_ENV, ...env } });
  return { ...app, send, endpoint };
}

const now = () => Math.floor(Date.now() / 1000);

describe("RS256/ES256 tokens through AUTH_JWKS_URL", () => {
  it("valid RS256 and ES256 tokens are accepted; the key set is fetched once and cached", async () => {
    const { send, endpoint } = jwksApp();
    for (const key of [rsa, ec, rsa, ec]) {
      const { res, text } = await send("/v1/whoami", await idpToken(key, { sub: `user-${key.alg}`, email_verified: true, plan: "premium" }));
      expect(res.status).toBe(200);
      expect(JSON.parse(text)).toEqual({ userId: `user-${key.alg}`, tier: "verified", plan: "premium", emailVerified: true, credential: "jwt" });
    }
    expect(endpoint.state.requests).toHaveLength(1);
  });

  it("a signing key added later (rotation) is picked up on its unknown kid, at most one refetch per 30 s", async () => {
    const { send, endpoint } = jwksApp();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      expect((await send("/v1/whoami", await idpToken(rsa, { sub: "u" }))).res.status).toBe(200);
      const rotated = await signingKey("RS256", "rsa-2");
      endpoint.state.keys = [...endpoint.state.keys, rotated.publicJwk];
      // Within the cooldown an unknown kid is refused without a download, so forged kids cannot hammer the provider.
      expect((await send("/v1/whoami", await idpToken(rotated, { sub: "u" }))).res.status).toBe(401);
      expect(endpoint.state.requests).toHaveLength(1);
      vi.advanceTimersByTime(31_000);
      expect((await send("/v1/whoami", await idpToken(rotated, { sub: "u" }))).res.status).toBe(200);
      expect(endpoint.state.requests).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  const refused: [string, () => Promise<string>, RegExp][] = [
    ["alg: none", async () => new UnsecuredJWT({ sub: "u", iss: ISSUER, aud: AUDIENCE, exp: now() + 3600 }).encode(), /algorithm/],
    ["a wrong issuer", () => idpToken(rsa, { sub: "u", iss: "https://evil.example.com/" }), /"iss"/],
    ["a missing issuer", () => idpToken(rsa, { sub: "u", iss: undefined }), /"iss"/],
    ["a wrong audience", () => idpToken(rsa, { sub: "u", aud: "https://other-api.example.com" }), /"aud"/],
    ["an expired token", () => idpToken(rsa, { sub: "u", exp: now() - 300 }), /expired/],
    ["a token not valid yet", () => idpToken(ec, { sub: "u", nbf: now() + 600 }), /not valid yet/],
    ["a token without sub", () => idpToken(rsa, {}), /"sub"/],
    ["a token without exp", () => idpToken(rsa, { sub: "u", exp: undefined }), /"exp"/],
    ["an RS256 token signed by another key under the same kid", () => idpToken(stranger, { sub: "u" }), /invalid/],
    ["a token signed by a key the provider never published", async () => idpToken(await signingKey("ES256", "unknown-kid"), { sub: "u" }), /known key/],
    ["a tampered payload", async () => {
      const [header, , signature] = (await idpToken(rsa, { sub: "u", role: undefined })).split(".");
      const forged = base64url.encode(JSON.stringify({ sub: "u", role: "admin", iss: ISSUER, aud: AUDIENCE, exp: now() + 3600 }));
      return `${header}.${forged}.${signature}`;
    }, /invalid/],
    ["an HS256 token signed with the local secret (JWKS is configured)", () => hsToken({ sub: "u", iss: ISSUER, aud: AUDIENCE }, { secret: SECRET }), /algorithm/],
    ["an HS256 token keyed with the provider's public key (key confusion)", async () => {
      const secret = new TextEncoder().encode(JSON.stringify(rsa.publicJwk));
      return new SignJWT({ sub: "u", iss: ISSUER, aud: AUDIENCE, exp: now() + 3600 }).setProtectedHeader({ alg: "HS256", kid: rsa.kid }).sign(secret);
    }, /algorithm/],
    ["an HS256 token keyed with the RSA modulus bytes (key confusion)", async () => {
      const secret = base64url.decode(rsa.publicJwk.n!);
      return new SignJWT({ sub: "u", iss: ISSUER, aud: AUDIENCE, exp: now() + 3600 }).setProtectedHeader({ alg: "HS256", kid: rsa.kid }).sign(secret);
    }, /algorithm/],
  ];

  it.each(refused)("%s is 401 invalid_token", async (_label, makeToken, message) => {
    const { send, handled } = jwksApp();
    const token = await makeToken();
    const { res, text } = await send("/v1/whoami", token);
    expect(res.status).toBe(401);
    expect(errorOf(text)).toMatchObject({ type: "authentication_error", code: "invalid_token" });
    expect(errorOf(text).message).toMatch(message);
    expect(handled).toEqual([]);
  });

  it("an HS256 token never causes a key download (refused by the algorithm allow-list first)", async () => {
    const { send, endpoint } = jwksApp();
    await send("/v1/whoami", await hsToken({ sub: "u" }));
    expect(endpoint.state.requests).toEqual([]);
  });

  it("AUTH_JWT_ALGORITHMS narrows the allow-list", async () => {
    const { send } = jwksApp();
    const env = { AUTH_JWT_ALGORITHMS: "ES256" };
    expect((await send("/v1/whoami", await idpToken(ec, { sub: "u" }), env)).res.status).toBe(200);
    const rsaRes = await send("/v1/whoami", await idpToken(rsa, { sub: "u" }), env);
    expect(rsaRes.res.status).toBe(401);
    expect(errorOf(rsaRes.text).message).toMatch(/algorithm/);
  });

  it("an unreachable key set is 503 auth_unavailable, logged without the token", async () => {
    const { send, endpoint, handled } = jwksApp();
    endpoint.state.status = 500;
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const token = await idpToken(rsa, { sub: "u" });
      const { res, text } = await send("/v1/whoami", token);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(errorOf(text)).toMatchObject({ type: "api_error", code: "auth_unavailable" });
      expect(errors).toHaveBeenCalledOnce();
      expect(String(errors.mock.calls[0]![0])).toMatch(/JWKS unavailable/);
      expect(String(errors.mock.calls[0]![0])).not.toContain(token);
      expect(handled).toEqual([]);
    } finally {
      errors.mockRestore();
    }
    endpoint.state.status = 200;
    expect((await send("/v1/whoami", await idpToken(rsa, { sub: "u" }))).res.status).toBe(200);
  });

  it("a key set that is not JSON is 503 too, not the caller's fault", async () => {
    const app = authTestApp({ fetch: async () => new Response("<html>", { status: 200 }) });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { res, text } = await app.send("/v1/whoami", { token: await idpToken(rsa, { sub: "u" }), env: JWKS_ENV });
      expect(res.status).toBe(503);
      expect(errorOf(text).code).toBe("auth_unavailable");
    } finally {
      errors.mockRestore();
    }
  });
});
