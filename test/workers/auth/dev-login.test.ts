import { describe, expect, it } from "vitest";
import { authTestApp, errorOf } from "./auth-test-app.ts";
import { JWKS_ENV } from "./fake-jwks.ts";

const LOCAL = "http://127.0.0.1:8787";
const ENABLED = { CHORUS_DEV_LOGIN: "true" };

type Login = { token: string; expiresAt: string };

describe("POST /dev/login (local development only)", () => {
  it("issues a token the auth middleware accepts, with the defaults of a verified free user", async () => {
    const { send } = authTestApp();
    const { res, text } = await send("/dev/login", { method: "POST", origin: LOCAL, env: ENABLED });
    expect(res.status).toBe(200);
    const login = JSON.parse(text) as Login;
    expect(login.token.split(".")).toHaveLength(3);
    const hours = (Date.parse(login.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    const me = await send("/v1/whoami", { token: login.token, origin: LOCAL, env: ENABLED });
    expect(JSON.parse(me.text)).toEqual({ userId: "dev-user", tier: "verified", plan: "free", emailVerified: true, credential: "jwt" });
  });

  it("takes sub, plan, emailVerified and role", async () => {
    const { send } = authTestApp();
    const body = { sub: "alice", plan: "premium", emailVerified: false, role: "admin" };
    const { token } = JSON.parse((await send("/dev/login", { body, origin: LOCAL, env: ENABLED })).text) as Login;
    const me = await send("/v1/whoami", { token, origin: LOCAL });
    expect(JSON.parse(me.text)).toEqual({ userId: "alice", tier: "sample", plan: "premium", role: "admin", emailVerified: false, credential: "jwt" });
    expect((await send("/admin/ping", { token, origin: LOCAL })).res.status).toBe(200);
  });

  it("writes the configured claim names and issuer/audience, so its tokens read back the same", async () => {
    const { send } = authTestApp();
    const env = { ...ENABLED, AUTH_PLAN_CLAIM: "https://chorus.dev/plan", AUTH_ISSUER: "chorus-dev", AUTH_AUDIENCE: "chorus" };
    const { token } = JSON.parse((await send("/dev/login", { body: { plan: "pro" }, origin: LOCAL, env })).text) as Login;
    expect(JSON.parse((await send("/v1/whoami", { token, origin: LOCAL, env })).text).plan).toBe("pro");
  });

  it("refuses unknown fields and bad values with 400", async () => {
    const { send } = authTestApp();
    for (const body of [{ plan: "gold" }, { role: "owner" }, { sub: "" }, { admin: true }]) {
      const { res, text } = await send("/dev/login", { body, origin: LOCAL, env: ENABLED });
      expect(res.status).toBe(400);
      expect(errorOf(text).code).toBe("invalid_request");
    }
  });

  it.each([
    ["CHORUS_DEV_LOGIN is not set", LOCAL, {}],
    ["CHORUS_DEV_LOGIN=false", LOCAL, { CHORUS_DEV_LOGIN: "false" }],
    ["a JWKS is configured", LOCAL, { ...ENABLED, ...JWKS_ENV }],
    ["the request came to a public host name", "https://chorus.example.com", ENABLED],
  ] as const)("is an ordinary 404 when %s", async (_label, origin, env) => {
    const { send } = authTestApp();
    const { res, text } = await send("/dev/login", { body: { role: "admin" }, origin, env });
    expect(res.status).toBe(404);
    expect(errorOf(text)).toEqual({ message: "No route for POST /dev/login.", type: "not_found_error", code: "not_found", param: null });
  });
});
