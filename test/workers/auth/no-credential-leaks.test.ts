import { describe, expect, it } from "vitest";
import { captureConsole } from "../capture-console.ts";
import { hashApiKey } from "../../../packages/db/src/index.ts";
import { ADMIN_TOKEN, authTestApp, hsToken, newApiKey, SECRET } from "./auth-test-app.ts";
import { fakeJwksEndpoint, idpToken, JWKS_ENV, signingKey } from "./fake-jwks.ts";

const captured = captureConsole();

describe("no credential appears in a response or a log line", () => {
  it("across accepted, refused, failing and misconfigured requests", async () => {
    const good = newApiKey();
    const revoked = newApiKey();
    const rows = new Map([[await hashApiKey(good), { id: "k1", userId: "u", revoked: false }], [await hashApiKey(revoked), { id: "k2", userId: "u", revoked: true }]]);
    const broken = newApiKey();
    const brokenHash = await hashApiKey(broken);
    const { send } = authTestApp({
      lookupApiKey: async (hash) => {
        if (hash === brokenHash) throw new Error(`D1_ERROR: no such table while looking up ${hash}`);
        return rows.get(hash);
      },
    });
    const rsa = await signingKey("RS256", "k");
    const down = fakeJwksEndpoint([rsa.publicJwk]);
    down.state.status = 503;
    const jwks = authTestApp({ fetch: down.fetch });

    const credentials = [
      await hsToken({ sub: "u", email_verified: true }),
      await hsToken({ sub: "u" }, { expiresIn: -3600 }),
      await hsToken({ sub: "u" }, { secret: "wrong-secret-0123456789-abcdefghijklmnopqrst" }),
      good, revoked, broken, newApiKey(), ADMIN_TOKEN, `${ADMIN_TOKEN}x`,
    ];
    const bodies: string[] = [];
    for (const token of credentials) {
      for (const path of ["/v1/whoami", "/admin/ping"]) bodies.push((await send(path, { token })).text);
    }
    const jwksToken = await idpToken(rsa, { sub: "u" });
    bodies.push((await jwks.send("/v1/whoami", { token: jwksToken, env: JWKS_ENV })).text);
    bodies.push((await send("/v1/whoami", { token: credentials[0]!, env: { AUTH_JWT_SECRET: "short-secret-value" } })).text);
    const login = await send("/dev/login", { method: "POST", origin: "http://127.0.0.1:8787", env: { CHORUS_DEV_LOGIN: "true" } });

    // The capture works: the failing lookup, the JWKS outage and the bad configuration were all logged.
    expect(captured.join("\n")).toMatch(/D1_ERROR/);
    expect(captured.join("\n")).toMatch(/JWKS unavailable/);
    expect(captured.join("\n")).toMatch(/AUTH_JWT_SECRET must be at least/);

    const secrets = [...credentials, jwksToken, SECRET, "short-secret-value", JSON.parse(login.text).token as string];
    for (const secret of secrets) {
      for (const line of captured) expect(line).not.toContain(secret);
      for (const body of bodies) expect(body).not.toContain(secret);
    }
  });
});
