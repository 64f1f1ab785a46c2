import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { call, tokenFor } from "../gateway-client.ts";
import { ADMIN_TOKEN, AUTH_JWT_SECRET, errorOf, newUser } from "../accounts/accounts-helpers.ts";

type Endpoint = { method: string; path: string; body?: unknown };

const USER_ENDPOINTS: Endpoint[] = [
  { method: "GET", path: "/v1/models" },
  { method: "POST", path: "/v1/chat/completions", body: { messages: [{ role: "user", content: "hi" }] } },
  { method: "POST", path: "/v1/embeddings", body: { input: "hi" } },
  { method: "POST", path: "/v1/responses", body: { input: "hi" } },
  { method: "GET", path: "/v1/settings" },
  { method: "PUT", path: "/v1/settings", body: { aiEnabled: true } },
  { method: "GET", path: "/v1/settings/keys" },
  { method: "PUT", path: "/v1/settings/keys/openai", body: { apiKey: "sk-attacker-0123456789abcdef" } },
  { method: "DELETE", path: "/v1/settings/keys/openai" },
  { method: "POST", path: "/v1/settings/keys/openai/test" },
  { method: "GET", path: "/v1/usage" },
  { method: "GET", path: "/v1/personas" },
  { method: "POST", path: "/v1/personas", body: { key: "stolen", name: "x" } },
  { method: "GET", path: "/v1/personas/writer" },
  { method: "PATCH", path: "/v1/personas/writer", body: { name: "x" } },
  { method: "DELETE", path: "/v1/personas/writer" },
  { method: "POST", path: "/v1/personas/import", body: { spec: "chara_card_v2", data: { name: "x" } } },
  { method: "GET", path: "/v1/personas/writer/export" },
  { method: "GET", path: "/v1/sessions" },
  { method: "POST", path: "/v1/sessions", body: {} },
  { method: "GET", path: "/v1/sessions/ses_x" },
  { method: "PATCH", path: "/v1/sessions/ses_x", body: { title: "x" } },
  { method: "DELETE", path: "/v1/sessions/ses_x" },
  { method: "POST", path: "/v1/sessions/ses_x/messages", body: { content: "hi" } },
];

const ADMIN_ENDPOINTS: Endpoint[] = [
  { method: "GET", path: "/admin/providers" },
  { method: "GET", path: "/admin/usage" },
  { method: "GET", path: "/admin/usage?format=csv" },
  { method: "GET", path: "/admin/api-keys" },
  { method: "POST", path: "/admin/api-keys", body: { userId: "victim", name: "stolen" } },
  { method: "DELETE", path: "/admin/api-keys/some-id" },
  { method: "POST", path: "/admin/keys/rotate", body: {} },
  { method: "GET", path: "/admin/personas" },
  { method: "POST", path: "/admin/personas", body: { key: "stolen", name: "x" } },
  { method: "PATCH", path: "/admin/personas/writer", body: { name: "x" } },
  { method: "DELETE", path: "/admin/personas/writer" },
];

function send(endpoint: Endpoint, authorization?: string): Promise<Response> {
  return call(endpoint.path, endpoint.body, { method: endpoint.method, user: null, headers: authorization === undefined ? {} : { authorization } });
}

async function badCredentials(): Promise<string[]> {
  const secret = new TextEncoder().encode(AUTH_JWT_SECRET);
  const unsigned = `${btoa(JSON.stringify({ alg: "none", typ: "JWT" }))}.${btoa(JSON.stringify({ sub: "admin", role: "admin", exp: 9_999_999_999 }))}.`.replace(/=/g, "");
  const expired = await new SignJWT({ role: "admin" }).setProtectedHeader({ alg: "HS256" }).setSubject("u").setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(secret);
  const forged = await new SignJWT({ role: "admin" }).setProtectedHeader({ alg: "HS256" }).setSubject("u").setExpirationTime("1h")
    .sign(new TextEncoder().encode("not-the-secret-but-long-enough-0123456789"));
  const valid = await tokenFor({ sub: "u", role: "admin" });
  const tampered = `${valid.slice(0, -3)}${valid.endsWith("AAA") ? "BBB" : "AAA"}`;
  return [`Bearer ${unsigned}`, `Bearer ${expired}`, `Bearer ${forged}`, `Bearer ${tampered}`, "Bearer garbage", `Bearer ck_${"A".repeat(43)}`, "Bearer ck_short"];
}

describe("every non-public endpoint refuses callers without a valid credential", () => {
  it("no credential: 401 auth_required with a Bearer challenge, before any handler", async () => {
    for (const endpoint of [...USER_ENDPOINTS, ...ADMIN_ENDPOINTS]) {
      for (const authorization of [undefined, "", "Basic dXNlcjpwYXNz", "Bearer "]) {
        const res = await send(endpoint, authorization);
        const label = `${endpoint.method} ${endpoint.path} ${authorization ?? "(none)"}`;
        expect(res.status, label).toBe(401);
        expect((await errorOf(res)).code, label).toBe("auth_required");
        expect(res.headers.get("www-authenticate"), label).toMatch(/^Bearer realm="chorus"/);
      }
    }
  });

  it("a bad credential (alg none, expired, forged, tampered, garbage, unknown API key): 401 invalid_token", async () => {
    const credentials = await badCredentials();
    for (const endpoint of [...USER_ENDPOINTS, ...ADMIN_ENDPOINTS]) {
      for (const authorization of credentials) {
        const res = await send(endpoint, authorization);
        const label = `${endpoint.method} ${endpoint.path} ${authorization.slice(0, 20)}`;
        expect(res.status, label).toBe(401);
        expect((await errorOf(res)).code, label).toBe("invalid_token");
      }
    }
  });

  it("the ADMIN_TOKEN is no credential outside /admin/*", async () => {
    for (const endpoint of USER_ENDPOINTS) expect((await send(endpoint, `Bearer ${ADMIN_TOKEN}`)).status, endpoint.path).toBe(401);
  });
});

describe("/admin/* refuses everyone but administrators", () => {
  it("403 for users of every plan, verified or not, and for API keys; admins pass", async () => {
    const users = [newUser("plain"), newUser("premium", { plan: "premium" }), newUser("unverified", { emailVerified: false })];
    const created = (await (await call("/admin/api-keys", { userId: "server", name: "s" }, { user: null, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { key: string };
    for (const endpoint of ADMIN_ENDPOINTS) {
      for (const user of users) {
        const res = await send(endpoint, `Bearer ${await tokenFor(user)}`);
        expect(res.status, `${endpoint.path} as ${user.sub}`).toBe(403);
        expect(await errorOf(res)).toMatchObject({ type: "permission_error", code: "forbidden" });
      }
      expect((await send(endpoint, `Bearer ${created.key}`)).status, `${endpoint.path} with an API key`).toBe(403);
    }
    const admin = `Bearer ${await tokenFor(newUser("boss", { role: "admin" }))}`;
    expect((await send({ method: "GET", path: "/admin/usage" }, admin)).status).toBe(200);
    expect((await send({ method: "GET", path: "/admin/api-keys" }, `Bearer ${ADMIN_TOKEN}`)).status).toBe(200);
  });
});
