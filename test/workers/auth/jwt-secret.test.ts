import { base64url, generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { authTestApp, errorOf, hsToken } from "./auth-test-app.ts";

const now = () => Math.floor(Date.now() / 1000);

describe("HS256 tokens with AUTH_JWT_SECRET", () => {
  it("a valid token is the principal of its claims", async () => {
    const { send, handled } = authTestApp();
    const token = await hsToken({ sub: "user-1", email_verified: true, plan: "pro" });
    const { res, text } = await send("/v1/whoami", { token });
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ userId: "user-1", tier: "verified", plan: "pro", emailVerified: true, credential: "jwt" });
    expect(handled).toEqual(["/v1/whoami"]);
  });

  it("no credential is 401 auth_required with a Bearer challenge, and the handler does not run", async () => {
    const { send, handled } = authTestApp();
    for (const authorization of [undefined, "", "Bearer", "Bearer   "]) {
      const { res, text } = await send("/v1/whoami", authorization === undefined ? {} : { authorization });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="chorus"');
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(JSON.parse(text)).toEqual({
        error: { message: expect.any(String), type: "authentication_error", code: "auth_required", param: null },
      });
    }
    expect(handled).toEqual([]);
  });

  it("another scheme than Bearer is 401 auth_required", async () => {
    const { send } = authTestApp();
    const { res, text } = await send("/v1/whoami", { authorization: "Basic dXNlcjpwYXNz" });
    expect(res.status).toBe(401);
    expect(errorOf(text).code).toBe("auth_required");
  });

  const refused: [string, () => Promise<string>, RegExp][] = [
    ["alg: none", async () => new UnsecuredJWT({ sub: "user-1", exp: now() + 3600 }).encode(), /algorithm/],
    ["alg: none with an HS256 signature kept", async () => {
      const [, payload, signature] = (await hsToken({ sub: "user-1" })).split(".");
      return `${base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }))}.${payload}.${signature}`;
    }, /algorithm/],
    ["an expired token", () => hsToken({ sub: "user-1" }, { expiresIn: -120 }), /expired/],
    ["a token not valid yet", () => hsToken({ sub: "user-1", nbf: now() + 600 }), /not valid yet/],
    ["a token without exp", () => new SignJWT({ sub: "user-1" }).setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode("test-secret-0123456789-abcdefghijklmnopqrstuvwxyz")), /"exp"/],
    ["a token without sub", () => hsToken({ email_verified: true }), /"sub"/],
    ["a token whose sub is empty", () => hsToken({ sub: "" }), /sub/],
    ["a token whose sub is not a string", () => hsToken({ sub: 42 as unknown as string }), /./],
    ["a token signed with another secret", () => hsToken({ sub: "user-1" }, { secret: "another-secret-0123456789-abcdefghijklmnop" }), /invalid/],
    ["a tampered payload (plan upgraded, signature kept)", async () => {
      const [header, , signature] = (await hsToken({ sub: "user-1", plan: "free" })).split(".");
      const forged = base64url.encode(JSON.stringify({ sub: "user-1", plan: "premium", exp: now() + 3600 }));
      return `${header}.${forged}.${signature}`;
    }, /invalid/],
    ["a tampered signature", async () => {
      const token = await hsToken({ sub: "user-1" });
      const last = token.at(-2) === "A" ? "B" : "A";
      return `${token.slice(0, -2)}${last}${token.at(-1)}`;
    }, /invalid/],
    ["an RS256 token (only HS256 goes with the secret)", async () => {
      const { privateKey } = await generateKeyPair("RS256");
      return new SignJWT({ sub: "user-1", exp: now() + 3600 }).setProtectedHeader({ alg: "RS256" }).sign(privateKey);
    }, /algorithm/],
    ["an HS512 token with the right secret", async () => new SignJWT({ sub: "user-1", exp: now() + 3600 })
      .setProtectedHeader({ alg: "HS512" }).sign(new TextEncoder().encode("test-secret-0123456789-abcdefghijklmnopqrstuvwxyz")), /algorithm/],
    ["garbage", async () => "not.a.jwt", /invalid/],
    ["a two-part string", async () => "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0", /invalid/],
  ];

  it.each(refused)("%s is 401 invalid_token", async (_label, makeToken, message) => {
    const { send, handled } = authTestApp();
    const token = await makeToken();
    const { res, text } = await send("/v1/whoami", { token });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="chorus", error="invalid_token"');
    const error = errorOf(text);
    expect(error).toMatchObject({ type: "authentication_error", code: "invalid_token", param: null });
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(token);
    expect(handled).toEqual([]);
  });

  it("a small clock skew is tolerated, a larger one is not", async () => {
    const { send } = authTestApp();
    expect((await send("/v1/whoami", { token: await hsToken({ sub: "u" }, { expiresIn: -10 }) })).res.status).toBe(200);
    expect((await send("/v1/whoami", { token: await hsToken({ sub: "u", nbf: now() + 10 }) })).res.status).toBe(200);
    expect((await send("/v1/whoami", { token: await hsToken({ sub: "u" }, { expiresIn: -60 }) })).res.status).toBe(401);
  });

  it("issuer and audience are checked when configured with the secret", async () => {
    const { send } = authTestApp();
    const env = { AUTH_ISSUER: "https://id.example.com/", AUTH_AUDIENCE: "chorus" };
    const good = await hsToken({ sub: "u", iss: "https://id.example.com/", aud: "chorus" });
    expect((await send("/v1/whoami", { token: good, env })).res.status).toBe(200);
    const wrongIssuer = await send("/v1/whoami", { token: await hsToken({ sub: "u", iss: "https://evil.example.com/", aud: "chorus" }), env });
    expect(wrongIssuer.res.status).toBe(401);
    expect(errorOf(wrongIssuer.text).message).toMatch(/"iss"/);
    const wrongAudience = await send("/v1/whoami", { token: await hsToken({ sub: "u", iss: "https://id.example.com/", aud: "other" }), env });
    expect(wrongAudience.res.status).toBe(401);
    expect(errorOf(wrongAudience.text).message).toMatch(/"aud"/);
    const noAudience = await send("/v1/whoami", { token: await hsToken({ sub: "u", iss: "https://id.example.com/" }), env });
    expect(noAudience.res.status).toBe(401);
  });

  it("an oversized or whitespace-split credential is refused before parsing", async () => {
    const { send } = authTestApp();
    expect(errorOf((await send("/v1/whoami", { token: "x".repeat(9000) })).text).code).toBe("invalid_token");
    expect(errorOf((await send("/v1/whoami", { authorization: "Bearer abc def" })).text).code).toBe("invalid_token");
  });
});

describe("tiers, plans and roles from claims", () => {
  const whoami = async (claims: Record<string, unknown>, env?: Record<string, string>) => {
    const { send } = authTestApp();
    const { res, text } = await send("/v1/whoami", { token: await hsToken({ sub: "user-1", ...claims }), ...(env && { env }) });
    expect(res.status).toBe(200);
    return JSON.parse(text) as Record<string, unknown>;
  };

  it("email_verified false is the sample tier, true is verified", async () => {
    expect(await whoami({ email_verified: false })).toMatchObject({ tier: "sample", emailVerified: false });
    expect(await whoami({ email_verified: true })).toMatchObject({ tier: "verified", emailVerified: true });
    expect(await whoami({ email_verified: "true" })).toMatchObject({ tier: "verified" });
    expect(await whoami({ email_verified: "yes" })).toMatchObject({ tier: "sample" });
  });

  it("an absent email_verified is the sample tier unless AUTH_ASSUME_EMAIL_VERIFIED=true", async () => {
    expect(await whoami({})).toMatchObject({ tier: "sample", emailVerified: false });
    expect(await whoami({}, { AUTH_ASSUME_EMAIL_VERIFIED: "true" })).toMatchObject({ tier: "verified", emailVerified: true });
    expect(await whoami({ email_verified: false }, { AUTH_ASSUME_EMAIL_VERIFIED: "true" })).toMatchObject({ tier: "sample" });
  });

  it("plan defaults to free; unknown plans are free", async () => {
    expect(await whoami({})).toMatchObject({ plan: "free" });
    expect(await whoami({ plan: "premium" })).toMatchObject({ plan: "premium" });
    expect(await whoami({ plan: "enterprise" })).toMatchObject({ plan: "free" });
    expect(await whoami({ plan: 3 })).toMatchObject({ plan: "free" });
  });

  it("workspace from org_id by default, absent without it", async () => {
    expect((await whoami({ org_id: "org_1" })).workspace).toBe("org_1");
    expect(await whoami({})).not.toHaveProperty("workspace");
  });

  it("role admin or absent", async () => {
    expect((await whoami({ role: "admin" })).role).toBe("admin");
    expect((await whoami({ role: "authenticated" })).role).toBeUndefined();
    expect((await whoami({})).role).toBeUndefined();
  });

  it("claim names map through AUTH_*_CLAIM: namespaced keys and nested paths", async () => {
    const env = {
      AUTH_EMAIL_VERIFIED_CLAIM: "https://chorus.example.com/email_verified",
      AUTH_PLAN_CLAIM: "app_metadata.plan",
      AUTH_ROLE_CLAIM: "https://chorus.example.com/roles",
      AUTH_WORKSPACE_CLAIM: "app_metadata.team",
    };
    const principal = await whoami({
      "https://chorus.example.com/email_verified": true,
      app_metadata: { plan: "pro", team: "team-7" },
      "https://chorus.example.com/roles": ["editor", "admin"],
      plan: "premium",
      org_id: "not-this-one",
    }, env);
    expect(principal).toMatchObject({ tier: "verified", plan: "pro", role: "admin", workspace: "team-7" });
  });
});
