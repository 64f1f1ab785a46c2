import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createDb, recordUsage, recordUser, type UsageEvent } from "../../../packages/db/src/index.ts";
import { call, settle } from "../gateway-client.ts";
import { asAdmin, errorOf, KEY_ENCRYPTION_KEY, newUser, providerKey, putKey } from "./accounts-helpers.ts";

function event(overrides: Partial<UsageEvent>): UsageEvent {
  return {
    provider: "openai", model: "gpt-5.4", tokensIn: 100, tokensOut: 10, cachedTokens: 0, costUsd: 0.5,
    cached: false, ownKey: false, fallback: false, estimated: false, at: new Date("2033-07-10T12:00:00Z"), ...overrides,
  };
}

type Totals = { requests: number; tokensIn: number; costUsd: number; ownKeyRequests: number; cachedRequests: number };
type AdminUsage = {
  from: string; to: string; total: Totals;
  users: (Totals & { userId: string; plan: string | null })[];
  plans: (Totals & { plan: string })[];
  providers: (Totals & { provider: string })[];
  rows: (Totals & { userId: string; provider: string })[];
};

/** Two users on plans of their own, with usage in July 2033, a month no other test writes. */
async function seedUsage(): Promise<{ pro: string; premium: string }> {
  const db = createDb(env.DB);
  const pro = `admin-pro-${crypto.randomUUID()}`;
  const premium = `admin-premium-${crypto.randomUUID()}`;
  await recordUser(db, pro, { plan: "pro", emailVerified: true });
  await recordUser(db, premium, { plan: "premium", emailVerified: true });
  await recordUsage(db, pro, event({}));
  await recordUsage(db, pro, event({ provider: "anthropic", model: "claude-haiku-5", costUsd: 0.25 }));
  await recordUsage(db, pro, event({ cached: true, tokensIn: 0, tokensOut: 0, costUsd: 0 }));
  await recordUsage(db, premium, event({ ownKey: true, costUsd: 0, at: new Date("2033-07-11T08:00:00Z") }));
  return { pro, premium };
}

describe("GET /admin/usage", () => {
  it("reports every user's usage per user, plan and provider over the range", async () => {
    const { pro, premium } = await seedUsage();
    const res = await asAdmin("/admin/usage?from=2033-07-01&to=2033-07-31");
    expect(res.status).toBe(200);
    const report = (await res.json()) as AdminUsage;
    const mine = (rows: { userId: string }[]) => rows.filter((row) => row.userId === pro || row.userId === premium);

    expect(report).toMatchObject({ from: "2033-07-01", to: "2033-07-31" });
    expect(mine(report.users)).toEqual(expect.arrayContaining([
      expect.objectContaining({ userId: pro, plan: "pro", requests: 3, cachedRequests: 1, costUsd: 0.75 }),
      expect.objectContaining({ userId: premium, plan: "premium", requests: 1, ownKeyRequests: 1, costUsd: 0 }),
    ]));
    expect(mine(report.rows)).toHaveLength(3);
    expect(report.plans.find((plan) => plan.plan === "pro")).toMatchObject({ requests: 3, costUsd: 0.75 });
    expect(report.plans.find((plan) => plan.plan === "premium")).toMatchObject({ requests: 1, ownKeyRequests: 1 });
    expect(report.providers.find((provider) => provider.provider === "anthropic")).toMatchObject({ requests: 1, costUsd: 0.25 });
    expect(report.total).toMatchObject({ requests: 4, tokensIn: 300, costUsd: 0.75 });
  });

  it("?format=csv: RFC 4180 with a header row, quoting commas and quotes, defusing formulas", async () => {
    const db = createDb(env.DB);
    const quoted = `acme, "north" ${crypto.randomUUID()}`;
    const formula = `=HYPERLINK("x")${crypto.randomUUID()}`;
    await recordUsage(db, quoted, event({ at: new Date("2033-08-02T00:00:00Z") }));
    await recordUsage(db, formula, event({ at: new Date("2033-08-02T00:00:00Z"), costUsd: 0 }));

    const res = await asAdmin("/admin/usage?from=2033-08-01&to=2033-08-31&format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="chorus-usage-2033-08-01-to-2033-08-31.csv"');
    const text = await res.text();
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("user_id,plan,provider,requests,cached_requests,own_key_requests,tokens_in,tokens_out,cached_tokens,cost_usd,estimated,fallback_requests");
    expect(text.endsWith("\r\n")).toBe(true);
    expect(lines).toContain(`"${quoted.replace(/"/g, '""')}",,openai,1,0,0,100,10,0,0.5,false,0`);
    expect(lines).toContain(`"'${formula.replace(/"/g, '""')}",,openai,1,0,0,100,10,0,0,false,0`);
  });

  it("refuses an unknown format and a bad range", async () => {
    const res = await asAdmin("/admin/usage?format=xml");
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ param: "format" });
    expect((await asAdmin("/admin/usage?from=2033-13-01")).status).toBe(400);
  });
});

describe("/admin/api-keys", () => {
  it("creates a key shown once, lists it without the key, and revokes it at once", async () => {
    const userId = `server-${crypto.randomUUID()}`;
    const created = await asAdmin("/admin/api-keys", { userId, name: "backend" });
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; key: string; userId: string; name: string; createdAt: string };
    expect(key).toEqual({ id: expect.any(String), key: expect.stringMatching(/^ck_[A-Za-z0-9_-]{43}$/), userId, name: "backend", createdAt: expect.any(String) });

    const listed = await (await asAdmin(`/admin/api-keys?userId=${encodeURIComponent(userId)}`)).text();
    expect(JSON.parse(listed)).toEqual({ apiKeys: [{ id: key.id, userId, name: "backend", createdAt: key.createdAt, revokedAt: null, lastUsedAt: null }] });
    expect(listed).not.toContain(key.key);

    const asServer = { user: null, headers: { authorization: `Bearer ${key.key}` } };
    expect((await call("/v1/usage", undefined, asServer)).status).toBe(200);
    await settle();
    const used = (await (await asAdmin(`/admin/api-keys?userId=${encodeURIComponent(userId)}`)).json()) as { apiKeys: { lastUsedAt: string | null }[] };
    expect(used.apiKeys[0]!.lastUsedAt).not.toBeNull();

    expect((await asAdmin(`/admin/api-keys/${key.id}`, undefined, { method: "DELETE" })).status).toBe(204);
    const refused = await call("/v1/usage", undefined, asServer);
    expect(refused.status).toBe(401);
    expect(await errorOf(refused)).toMatchObject({ code: "invalid_token" });
    const after = (await (await asAdmin(`/admin/api-keys?userId=${encodeURIComponent(userId)}`)).json()) as { apiKeys: { revokedAt: string | null }[] };
    expect(after.apiKeys[0]!.revokedAt).not.toBeNull();
  });

  it("404 for revoking an unknown id; 400 for a body without userId or name", async () => {
    const missing = await asAdmin(`/admin/api-keys/${crypto.randomUUID()}`, undefined, { method: "DELETE" });
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ type: "not_found_error" });
    for (const body of [{ name: "x" }, { userId: "u" }, { userId: "", name: "x" }, { userId: "u\n", name: "x" }, { userId: "u", name: "x", plan: "premium" }]) {
      expect((await asAdmin("/admin/api-keys", body)).status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("POST /admin/keys/rotate", () => {
  it("re-seals own keys with the new KEY_ENCRYPTION_KEY page by page, as scripts/rotate-keys.mjs drives it", async () => {
    const user = newUser("rotate");
    const apiKey = providerKey();
    expect((await putKey(user, "openai", apiKey)).status).toBe(200);

    const rotated = {
      KEY_ENCRYPTION_KEY: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))),
      KEY_ENCRYPTION_KEY_VERSION: "2",
      KEY_ENCRYPTION_KEYS_PREVIOUS: JSON.stringify({ 1: KEY_ENCRYPTION_KEY }),
    };
    let after: unknown = null;
    let last: { rotated: number; remaining: number; next: unknown; currentVersion: number; failed: { userId: string }[] };
    let rotatedRows = 0;
    do {
      const res = await asAdmin("/admin/keys/rotate", { after, limit: 5 }, { env: rotated });
      expect(res.status).toBe(200);
      last = (await res.json()) as typeof last;
      rotatedRows += last.rotated;
      expect(last.failed.map((failure) => failure.userId)).not.toContain(user.sub);
      after = last.next;
    } while (after);
    expect(last.currentVersion).toBe(2);
    expect(rotatedRows).toBeGreaterThanOrEqual(1);

    const row = await env.DB.prepare("select key_version from own_provider_keys where user_id = ?").bind(user.sub).first();
    expect(row).toEqual({ key_version: 2 });
    // The user's key still opens, now with the new key.
    const test = await call("/v1/settings/keys/openai/test", undefined, { user, method: "POST", env: rotated });
    expect(await test.json()).toMatchObject({ ok: true });
  });

  it("refuses a malformed cursor or limit", async () => {
    for (const body of [{ limit: 0 }, { limit: 1.5 }, { after: { userId: "u", provider: "nope" } }, { after: "u" }]) {
      expect((await asAdmin("/admin/keys/rotate", body)).status, JSON.stringify(body)).toBe(400);
    }
  });
});
