import { describe, expect, it } from "vitest";
import { call, type CallOptions } from "../gateway-client.ts";
import { ADMIN_TOKEN, errorOf, newUser, providerKey, putKey } from "../accounts/accounts-helpers.ts";

const ALLOWED = "https://app.example.com";
const admin = { user: null, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } satisfies CallOptions;

const NEW_ENDPOINTS = [
  { method: "GET", path: "/v1/settings/keys" },
  { method: "PUT", path: "/v1/settings/keys/openai" },
  { method: "DELETE", path: "/v1/settings/keys/openai" },
  { method: "POST", path: "/v1/settings/keys/openai/test" },
  { method: "GET", path: "/v1/usage" },
  { method: "PATCH", path: "/v1/sessions/x" },
  { method: "GET", path: "/admin/usage" },
  { method: "POST", path: "/admin/api-keys" },
  { method: "DELETE", path: "/admin/api-keys/x" },
  { method: "POST", path: "/admin/keys/rotate" },
];

function preflight(path: string, method: string, origin: string): Promise<Response> {
  return call(path, undefined, {
    method: "OPTIONS", user: null,
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": "authorization, content-type, x-evil" },
  });
}

describe("CORS follows CORS_ORIGINS on the keys, usage and admin endpoints", () => {
  it("preflights: the allowed origin gets its method and headers, any other origin nothing", async () => {
    for (const { method, path } of NEW_ENDPOINTS) {
      const allowed = await preflight(path, method, ALLOWED);
      expect(allowed.status, path).toBe(204);
      expect(allowed.headers.get("access-control-allow-origin"), path).toBe(ALLOWED);
      expect(allowed.headers.get("access-control-allow-methods"), path).toContain(method);
      expect(allowed.headers.get("access-control-allow-headers"), path).toBe("authorization, content-type");
      expect(allowed.headers.get("vary"), path).toContain("Origin");

      const other = await preflight(path, method, "https://evil.example");
      expect(other.headers.get("access-control-allow-origin"), path).toBeNull();
      expect(other.headers.get("access-control-allow-methods"), path).toBeNull();
    }
  });

  it("answers, errors included, carry the headers for the allowed origin only", async () => {
    const user = newUser("cors");
    const cases: [string, CallOptions, number][] = [
      ["/v1/settings/keys", { user }, 200],
      ["/v1/usage", { user }, 200],
      ["/v1/usage?from=bad", { user }, 400],
      ["/v1/settings/keys", { user: null }, 401],
      ["/admin/usage", { user }, 403],
      ["/admin/usage?format=csv", admin, 200],
    ];
    for (const [path, options, status] of cases) {
      const res = await call(path, undefined, { ...options, headers: { ...options.headers, origin: ALLOWED } });
      expect(res.status, path).toBe(status);
      expect(res.headers.get("access-control-allow-origin"), path).toBe(ALLOWED);
      expect(res.headers.get("access-control-expose-headers"), path).toContain("x-chorus-request-id");
      const other = await call(path, undefined, { ...options, headers: { ...options.headers, origin: "https://evil.example" } });
      expect(other.headers.get("access-control-allow-origin"), path).toBeNull();
      expect(other.headers.get("vary"), path).toContain("Origin");
    }
  });
});

describe("bodies over MAX_BODY_BYTES get 413 on the new endpoints", () => {
  it("before the handler stores or calls anything", async () => {
    const user = newUser("big");
    const limit = { MAX_BODY_BYTES: "1024" };
    const big = { apiKey: providerKey(), padding: "x".repeat(2048) };
    const cases: [string, string, CallOptions][] = [
      ["PUT", "/v1/settings/keys/openai", { user }],
      ["POST", "/v1/settings/keys/openai/test", { user }],
      ["POST", "/admin/api-keys", admin],
      ["POST", "/admin/keys/rotate", admin],
    ];
    for (const [method, path, options] of cases) {
      const res = await call(path, big, { ...options, method, env: limit });
      expect(res.status, path).toBe(413);
      expect(await errorOf(res), path).toMatchObject({ type: "invalid_request_error", code: "request_too_large" });
    }
    expect(await (await call("/v1/settings/keys", undefined, { user })).json()).toEqual([]);
    // Just under the limit is served.
    expect((await putKey(user, "openai", providerKey(), { env: limit })).status).toBe(200);
  });
});
