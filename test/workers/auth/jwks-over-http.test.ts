import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { authTestApp, errorOf } from "./auth-test-app.ts";
import { AUDIENCE, idpToken, ISSUER, signingKey } from "./fake-jwks.ts";

// A JWKS server on loopback, started in Node by the test config (FAKE_JWKS_URL): the key set
// travels over real HTTP through workerd's own fetch, as it does from a deployed Worker.
const base = (env as unknown as Record<string, string>).FAKE_JWKS_URL;

describe("a JWKS served over HTTP", () => {
  it("is downloaded with the global fetch; its RS256 tokens are accepted, others refused", async () => {
    const url = `${base}/${crypto.randomUUID()}/jwks.json`;
    const key = await signingKey("RS256", "http-1");
    const stranger = await signingKey("RS256", "http-1");
    expect((await fetch(url, { method: "PUT", body: JSON.stringify({ keys: [key.publicJwk] }) })).status).toBe(204);
    const { send } = authTestApp();
    const jwksEnv = { AUTH_JWKS_URL: url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE };

    const accepted = await send("/v1/whoami", { token: await idpToken(key, { sub: "over-http", email_verified: true }), env: jwksEnv });
    expect(accepted.res.status).toBe(200);
    expect(JSON.parse(accepted.text)).toMatchObject({ userId: "over-http", tier: "verified", credential: "jwt" });

    const forged = await send("/v1/whoami", { token: await idpToken(stranger, { sub: "over-http" }), env: jwksEnv });
    expect(forged.res.status).toBe(401);
    expect(errorOf(forged.text).code).toBe("invalid_token");
  });
});
