import { describe, expect, it } from "vitest";
import { hashApiKey } from "../../../packages/db/src/index.ts";
import { ADMIN_TOKEN, authTestApp, errorOf, hsToken, newApiKey } from "./auth-test-app.ts";

describe("admin routes", () => {
  it("ADMIN_TOKEN is an admin principal on /admin/*", async () => {
    const { send, handled } = authTestApp();
    const { res, text } = await send("/admin/ping", { token: ADMIN_TOKEN });
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ admin: "admin-token" });
    expect(handled).toEqual(["/admin/ping"]);
  });

  it("ADMIN_TOKEN is no credential outside /admin/*", async () => {
    const { send, handled } = authTestApp();
    const { res, text } = await send("/v1/whoami", { token: ADMIN_TOKEN });
    expect(res.status).toBe(401);
    expect(errorOf(text).code).toBe("invalid_token");
    expect(handled).toEqual([]);
  });

  it("a wrong admin token, or one differing only in its last character, is 401", async () => {
    const { send } = authTestApp();
    for (const token of [`${ADMIN_TOKEN.slice(0, -1)}X`, ADMIN_TOKEN.slice(0, -1), `${ADMIN_TOKEN}X`]) {
      const { res, text } = await send("/admin/ping", { token });
      expect(res.status).toBe(401);
      expect(errorOf(text).code).toBe("invalid_token");
    }
  });

  it("without ADMIN_TOKEN configured, nothing matches it", async () => {
    const { send } = authTestApp();
    const { res } = await send("/admin/ping", { token: ADMIN_TOKEN, env: { ADMIN_TOKEN: "" } });
    expect(res.status).toBe(401);
  });

  it("a JWT with role admin passes; without it, 403 forbidden", async () => {
    const { send, handled } = authTestApp();
    expect((await send("/admin/ping", { token: await hsToken({ sub: "boss", role: "admin", email_verified: true }) })).res.status).toBe(200);
    const { res, text } = await send("/admin/ping", { token: await hsToken({ sub: "user", email_verified: true, plan: "premium" }) });
    expect(res.status).toBe(403);
    expect(errorOf(text)).toMatchObject({ type: "permission_error", code: "forbidden" });
    expect(handled).toEqual(["/admin/ping"]);
  });

  it("an API key is never admin", async () => {
    const key = newApiKey();
    const hash = await hashApiKey(key);
    const { send } = authTestApp({ lookupApiKey: async (h) => (h === hash ? { id: "k", userId: "boss", plan: "premium", revoked: false } : undefined) });
    const { res, text } = await send("/admin/ping", { token: key });
    expect(res.status).toBe(403);
    expect(errorOf(text).code).toBe("forbidden");
  });

  it("no credential on an admin route is 401 auth_required", async () => {
    const { send } = authTestApp();
    const { res, text } = await send("/admin/ping");
    expect(res.status).toBe(401);
    expect(errorOf(text).code).toBe("auth_required");
  });
});

describe("public paths", () => {
  it("/, /healthz are served without a credential, and a bad one is not even read", async () => {
    const { send, handled } = authTestApp();
    for (const path of ["/", "/healthz"]) {
      expect((await send(path)).res.status).toBe(200);
      expect((await send(path, { token: "garbage" })).res.status).toBe(200);
    }
    expect(handled).toEqual(["/", "/", "/healthz", "/healthz"]);
  });

  it("an unknown path is not public: 401 before the 404", async () => {
    const { send } = authTestApp();
    expect((await send("/healthz/extra")).res.status).toBe(401);
    expect((await send("/nope")).res.status).toBe(401);
  });

  it("publicPaths replaces the list; patterns are checked when the middleware is built", async () => {
    const { send } = authTestApp({ publicPaths: ["/v1/*"] });
    expect((await send("/v1/whoami")).res.status).toBe(200);
    expect((await send("/healthz")).res.status).toBe(401);
    expect(() => authTestApp({ publicPaths: ["healthz"] })).toThrow(/publicPaths: "healthz" must start with "\/"/);
    expect(() => authTestApp({ publicPaths: ["/v1/*/x"] })).toThrow(/publicPaths/);
    expect(() => authTestApp({ adminTokenPaths: ["/admin*"] })).toThrow(/adminTokenPaths/);
    expect(() => authTestApp({ lookupApiKey: "select" as never })).toThrow(/lookupApiKey must be a function/);
  });
});
