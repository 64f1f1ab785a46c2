import { afterEach, describe, expect, it } from "vitest";
import { resetBreakers } from "./breaker-helpers.ts";
import { call, chat, profiles, readSse, settle } from "./gateway-client.ts";

afterEach(resetBreakers);

const ADMIN_TOKEN = "admin-token-for-tests-0123456789";
const admin = (token = ADMIN_TOKEN) => ({ headers: { authorization: `Bearer ${token}` }, env: { ADMIN_TOKEN } });

interface ProviderRow {
  id: string;
  state: string;
  openUntil?: string;
  successRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  ttftP50Ms: number | null;
  requests: number;
  tokensToday: number;
  dailyTokenBudget?: number;
  key: { state: string; openUntil?: string };
  models: { model: string; requests: number; p95Ms: number | null; successRate: number }[];
}

async function providers(env: Record<string, string> = {}): Promise<ProviderRow[]> {
  const res = await call("/admin/providers", undefined, { ...admin(), env: { ADMIN_TOKEN, ...env } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { providers: ProviderRow[] }).providers;
}

describe("GET /admin/providers: who may ask", () => {
  it("401 auth_required without credentials", async () => {
    const res = await call("/admin/providers", undefined, { env: { ADMIN_TOKEN }, user: null });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("auth_required");
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("401 invalid_token for a wrong admin token, even one differing only in its last character", async () => {
    for (const token of ["nope", `${ADMIN_TOKEN.slice(0, -1)}X`, `${ADMIN_TOKEN}X`]) {
      const res = await call("/admin/providers", undefined, admin(token));
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string; type: string } }).error).toMatchObject({ code: "invalid_token", type: "authentication_error" });
    }
  });

  it("403 forbidden for a signed-in user who is not an admin; an admin user passes", async () => {
    const res = await call("/admin/providers");
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string; type: string } }).error).toMatchObject({ code: "forbidden", type: "permission_error" });
    expect((await call("/admin/providers", undefined, { user: { sub: "ops", role: "admin" } })).status).toBe(200);
  });

  it("refuses the admin token once ADMIN_TOKEN is unset", async () => {
    const res = await call("/admin/providers", undefined, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, env: { ADMIN_TOKEN: "" } });
    expect(res.status).toBe(401);
  });
});

describe("GET /admin/providers: what it says", () => {
  it("lists every enabled provider, closed and unobserved at first", async () => {
    const rows = await providers();
    expect(rows.map((row) => row.id).sort()).toEqual(["anthropic", "google", "groq", "local", "openai"]);
    expect(rows[0]).toMatchObject({ state: "closed", successRate: 1, p50Ms: null, p95Ms: null, ttftP50Ms: null, requests: 0, models: [], key: { state: "closed" } });
  });

  it("reports health per provider and per model, tokens and the budget", async () => {
    const env = { ...profiles({ p: ["openai/steady", "anthropic/backup"] }), CACHE_DEFAULT: "off" };
    for (let i = 0; i < 3; i++) expect((await chat({}, { env })).status).toBe(200);
    await readSse(await chat({ stream: true }, { env }));
    await chat({ model: "openai/broken~status=500" }, { env: { ...env, RETRY_ATTEMPTS: "1" } });
    await settle();
    const budget = JSON.stringify({ defaultProfile: "p", profiles: { p: { candidates: [{ provider: "openai", model: "steady" }] } }, providers: { openai: { dailyTokenBudget: 1_000 } } });
    const openai = (await providers({ LLM_PROFILES: budget })).find((row) => row.id === "openai")!;
    expect(openai).toMatchObject({ state: "closed", requests: 5, dailyTokenBudget: 1_000 });
    expect(openai.successRate).toBeCloseTo(4 / 5);
    expect(openai.p50Ms).toEqual(expect.any(Number));
    expect(openai.p95Ms).toEqual(expect.any(Number));
    expect(openai.ttftP50Ms).toEqual(expect.any(Number));
    expect(openai.tokensToday).toBeGreaterThan(0);
    expect(openai.models.map((model) => model.model).sort()).toEqual(["broken~status=500", "steady"]);
    expect(openai.models.find((model) => model.model === "steady")).toMatchObject({ requests: 4, successRate: 1 });
  });

  it("counts a strict structured stream, asked of the provider whole, as a whole answer: no time to first token", async () => {
    const env = { ...profiles({ p: ["openai/held"] }), CACHE_DEFAULT: "off" };
    const schema = { type: "object", properties: { echo: { type: "string" } }, required: ["echo"] };
    const res = await chat({ stream: true, response_format: { type: "json_schema", json_schema: { name: "e", strict: true, schema } } }, { env });
    expect(res.headers.get("x-chorus-structured")).toBe("valid");
    await readSse(res);
    await settle();
    const openai = (await providers()).find((row) => row.id === "openai")!;
    expect(openai).toMatchObject({ requests: 1, ttftP50Ms: null });
    expect(openai.p50Ms).toEqual(expect.any(Number));
  });

  it("shows an open circuit and until when", async () => {
    const env = { ...profiles({ p: ["openai/down~status=503", "anthropic/up"] }), CIRCUIT_BREAKER_THRESHOLD: "2", CIRCUIT_BREAKER_RESET_MS: "30000", CACHE_DEFAULT: "off" };
    await chat({}, { env });
    await settle();
    const openai = (await providers()).find((row) => row.id === "openai")!;
    expect(openai.state).toBe("open");
    expect(Date.parse(openai.openUntil!)).toBeGreaterThan(Date.now());
  });
});
