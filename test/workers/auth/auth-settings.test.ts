import { describe, expect, it } from "vitest";
import { buildAuthSettings } from "../../../workers/gateway/src/auth/auth-settings.ts";
import { ConfigError } from "../../../workers/gateway/src/config/config-error.ts";
import { authTestApp, errorOf, SECRET } from "./auth-test-app.ts";

const JWKS = { AUTH_JWKS_URL: "https://id.example.com/.well-known/jwks.json", AUTH_ISSUER: "https://id.example.com/", AUTH_AUDIENCE: "chorus" };

describe("auth settings from the environment", () => {
  it("a secret alone is HS256 development mode", () => {
    const settings = buildAuthSettings({ AUTH_JWT_SECRET: SECRET });
    expect(settings.jwt).toEqual({ kind: "secret", secret: SECRET, issuer: undefined, audience: undefined });
    expect(settings.claims).toEqual({ emailVerified: "email_verified", plan: "plan", role: "role", workspace: "org_id" });
    expect(settings).toMatchObject({ assumeEmailVerified: false, adminToken: undefined, devLogin: false });
  });

  it("a JWKS takes over from the secret, with RS256 and ES256 by default and lists for issuer and audience", () => {
    const settings = buildAuthSettings({ ...JWKS, AUTH_JWT_SECRET: SECRET, AUTH_AUDIENCE: "chorus, chorus-web", CHORUS_DEV_LOGIN: "true" });
    expect(settings.jwt).toEqual({
      kind: "jwks", url: new URL(JWKS.AUTH_JWKS_URL), issuer: ["https://id.example.com/"], audience: ["chorus", "chorus-web"], algorithms: ["RS256", "ES256"],
    });
    expect(settings.devLogin).toBe(false);
  });

  it("dev login needs CHORUS_DEV_LOGIN=true and the secret", () => {
    expect(buildAuthSettings({ AUTH_JWT_SECRET: SECRET, CHORUS_DEV_LOGIN: "true" }).devLogin).toBe(true);
  });

  it.each([
    ["neither secret nor JWKS", {}, /AUTH_JWT_SECRET.*AUTH_JWKS_URL/],
    ["JWKS without issuer", { ...JWKS, AUTH_ISSUER: "" }, /AUTH_ISSUER is required with AUTH_JWKS_URL/],
    ["JWKS without audience", { ...JWKS, AUTH_AUDIENCE: " " }, /AUTH_AUDIENCE is required with AUTH_JWKS_URL/],
    ["a JWKS URL that is not a URL", { ...JWKS, AUTH_JWKS_URL: "jwks.json" }, /AUTH_JWKS_URL is not a URL/],
    ["a plain-http JWKS on a public host", { ...JWKS, AUTH_JWKS_URL: "http://id.example.com/jwks.json" }, /AUTH_JWKS_URL must be an https/],
    ["a symmetric algorithm for the JWKS", { ...JWKS, AUTH_JWT_ALGORITHMS: "RS256,HS256" }, /AUTH_JWT_ALGORITHMS: "HS256" is not allowed/],
    ["none as an algorithm", { ...JWKS, AUTH_JWT_ALGORITHMS: "none" }, /AUTH_JWT_ALGORITHMS: "none" is not allowed/],
    ["algorithms with the secret", { AUTH_JWT_SECRET: SECRET, AUTH_JWT_ALGORITHMS: "HS512" }, /AUTH_JWT_ALGORITHMS applies to AUTH_JWKS_URL only/],
    ["a short secret", { AUTH_JWT_SECRET: "secret" }, /AUTH_JWT_SECRET must be at least 32 characters/],
    ["a short admin token", { AUTH_JWT_SECRET: SECRET, ADMIN_TOKEN: "admin" }, /ADMIN_TOKEN must be at least 32 characters/],
    ["a flag that is not true/false", { AUTH_JWT_SECRET: SECRET, AUTH_ASSUME_EMAIL_VERIFIED: "yes" }, /AUTH_ASSUME_EMAIL_VERIFIED must be "true" or "false"/],
    ["a dev login flag that is not true/false", { AUTH_JWT_SECRET: SECRET, CHORUS_DEV_LOGIN: "1" }, /CHORUS_DEV_LOGIN must be "true" or "false"/],
  ] as const)("%s is a ConfigError naming the variable", (_label, env, message) => {
    expect(() => buildAuthSettings(env)).toThrow(ConfigError);
    expect(() => buildAuthSettings(env)).toThrow(message);
  });

  it("a plain-http JWKS on loopback is allowed, for a local test server", () => {
    expect(buildAuthSettings({ ...JWKS, AUTH_JWKS_URL: "http://127.0.0.1:9999/jwks.json" }).jwt.kind).toBe("jwks");
  });

  it("a misconfigured gateway answers 500 configuration_error naming the variable, never the secret", async () => {
    const { send } = authTestApp();
    const { res, text } = await send("/v1/whoami", { token: "eyJhbGciOiJIUzI1NiJ9.e30.x", env: { AUTH_JWT_SECRET: "too-short-secret" } });
    expect(res.status).toBe(500);
    expect(errorOf(text)).toMatchObject({ code: "configuration_error" });
    expect(errorOf(text).message).toMatch(/AUTH_JWT_SECRET must be at least 32/);
    expect(text).not.toContain("too-short-secret");
  });
});
