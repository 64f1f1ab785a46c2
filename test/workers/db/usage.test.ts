import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  adminDeleteUsageBefore, adminUsage, recordUsage, recordUser, usageByDay, type UsageEvent,
} from "../../../packages/db/src/index.ts";
import { newUser, testDb } from "./db-fixtures.ts";

function event(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    provider: "openai", model: "gpt-5.4", tokensIn: 100, tokensOut: 20, cachedTokens: 0, costUsd: 0.001,
    cached: false, ownKey: false, fallback: false, estimated: false, at: new Date("2026-05-10T12:00:00Z"), ...overrides,
  };
}

async function rowsOf(userId: string): Promise<Record<string, unknown>[]> {
  const result = await env.DB.prepare("select * from usage_daily where user_id = ? order by date, provider, model").bind(userId).all();
  return result.results;
}

describe("usage", () => {
  it("adds requests into one row per user, UTC day, provider and model", async () => {
    const db = testDb();
    const user = newUser("usage");
    await recordUsage(db, user, event());
    await recordUsage(db, user, event({ tokensIn: 50, tokensOut: 5, cachedTokens: 40, costUsd: 0.0005 }));
    await recordUsage(db, user, event({ cached: true, tokensIn: 0, tokensOut: 0, costUsd: 0 }));
    await recordUsage(db, user, event({ model: "gpt-5.4-mini" }));
    await recordUsage(db, user, event({ model: "gpt-5.4-mini", ownKey: true, costUsd: 0 }));
    // 23:59 UTC belongs to the 10th even though it is the 11th further east.
    await recordUsage(db, user, event({ at: new Date("2026-05-10T23:59:59Z"), provider: "anthropic", model: "claude-haiku-5", estimated: true }));

    const rows = await rowsOf(user);
    expect(rows).toHaveLength(3);
    expect(rows.find((row) => row.model === "gpt-5.4")).toMatchObject({
      date: "2026-05-10", requests: 3, cached_requests: 1, own_key_requests: 0, tokens_in: 150, tokens_out: 25, cached_tokens: 40, estimated: 0,
    });
    expect(rows.find((row) => row.model === "gpt-5.4")?.cost_usd).toBeCloseTo(0.0015, 12);
    expect(rows.find((row) => row.model === "gpt-5.4-mini")).toMatchObject({ requests: 2, own_key_requests: 1, tokens_in: 200 });
    expect(rows.find((row) => row.provider === "anthropic")?.estimated).toBe(1);
  });

  it("keeps a day estimated once any request of it was", async () => {
    const db = testDb();
    const user = newUser("estimated");
    await recordUsage(db, user, event({ estimated: true }));
    await recordUsage(db, user, event({ estimated: false }));
    expect((await usageByDay(db, user, { from: "2026-05-10", to: "2026-05-10" })).days[0]?.estimated).toBe(true);
  });

  it("adds up under concurrent writers", async () => {
    const db = testDb();
    const user = newUser("burst");
    await Promise.all(Array.from({ length: 50 }, (_, i) => recordUsage(db, user, event({ tokensIn: i, tokensOut: 1, costUsd: 0.25 }))));
    expect(await rowsOf(user)).toEqual([expect.objectContaining({ requests: 50, tokens_in: 1225, tokens_out: 50, cost_usd: 12.5 })]);
  });

  it("refuses negative or non-finite counts", async () => {
    const db = testDb();
    await expect(recordUsage(db, newUser("bad"), event({ tokensIn: -1 }))).rejects.toThrow("tokensIn must be a finite number >= 0");
    await expect(recordUsage(db, newUser("bad"), event({ costUsd: Number.NaN }))).rejects.toThrow("costUsd");
  });

  it("by day sums providers and models over an inclusive range, oldest first", async () => {
    const db = testDb();
    const user = newUser("days");
    await recordUsage(db, user, event({ at: new Date("2026-05-01T08:00:00Z") }));
    await recordUsage(db, user, event({ at: new Date("2026-05-03T08:00:00Z"), provider: "google", model: "gemini-3-flash", costUsd: 0.1 }));
    await recordUsage(db, user, event({ at: new Date("2026-05-03T09:00:00Z"), costUsd: 0.2 }));
    await recordUsage(db, user, event({ at: new Date("2026-05-04T09:00:00Z") }));
    await recordUsage(db, user, event({ at: new Date("2026-05-09T09:00:00Z") }));

    expect(await usageByDay(db, user, { from: "2026-05-01", to: "2026-05-04" })).toEqual({
      days: [
        { date: "2026-05-01", requests: 1, cachedRequests: 0, ownKeyRequests: 0, fallbackRequests: 0, tokensIn: 100, tokensOut: 20, costUsd: 0.001, estimated: false },
        { date: "2026-05-03", requests: 2, cachedRequests: 0, ownKeyRequests: 0, fallbackRequests: 0, tokensIn: 200, tokensOut: 40, costUsd: 0.3, estimated: false },
        { date: "2026-05-04", requests: 1, cachedRequests: 0, ownKeyRequests: 0, fallbackRequests: 0, tokensIn: 100, tokensOut: 20, costUsd: 0.001, estimated: false },
      ],
    });
    expect(await usageByDay(db, user, { from: "2026-06-01", to: "2026-06-30" })).toEqual({ days: [] });
  });

  it("by day refuses malformed ranges instead of comparing strings", async () => {
    const db = testDb();
    const user = newUser("range");
    await expect(usageByDay(db, user, { from: "2026-5-1", to: "2026-05-04" })).rejects.toThrow("from must be a day as YYYY-MM-DD");
    await expect(usageByDay(db, user, { from: "2026-02-30", to: "2026-03-01" })).rejects.toThrow("from must be a day");
    await expect(usageByDay(db, user, { from: "2026-05-04", to: "2026-05-01" })).rejects.toThrow("is after");
  });

  it("of user B is neither returned nor changed through user A's id", async () => {
    const db = testDb();
    const [a, b] = [newUser("a"), newUser("b")];
    await recordUsage(db, b, event({ tokensIn: 999 }));
    const before = await rowsOf(b);
    expect(await usageByDay(db, a, { from: "2026-01-01", to: "2026-12-31" })).toEqual({ days: [] });
    await recordUsage(db, a, event());
    expect(await rowsOf(b)).toEqual(before);
    expect((await usageByDay(db, a, { from: "2026-01-01", to: "2026-12-31" })).days).toEqual([
      expect.objectContaining({ requests: 1, tokensIn: 100 }),
    ]);
  });

  it("for admins is grouped per user and provider, with each user's plan", async () => {
    const db = testDb();
    const [pro, unknown] = [newUser("pro"), newUser("unknown")];
    await recordUser(db, pro, { plan: "pro", emailVerified: true });
    // A day far from other tests' rows, so this test sees only its own users there.
    const at = (day: string) => new Date(`${day}T10:00:00Z`);
    await recordUsage(db, pro, event({ at: at("2031-01-01"), model: "gpt-5.4" }));
    await recordUsage(db, pro, event({ at: at("2031-01-02"), model: "gpt-5.4-mini", cachedTokens: 30 }));
    await recordUsage(db, pro, event({ at: at("2031-01-02"), provider: "anthropic", model: "claude-haiku-5", estimated: true }));
    await recordUsage(db, unknown, event({ at: at("2031-01-02"), provider: "demo", model: "chorus-demo", costUsd: 0 }));
    await recordUsage(db, unknown, event({ at: at("2031-02-01"), provider: "demo", model: "chorus-demo", costUsd: 0 }));

    const rows = (await adminUsage(db, { from: "2031-01-01", to: "2031-01-31" })).filter((row) => [pro, unknown].includes(row.userId));
    const expected = [
      { userId: pro, plan: "pro", provider: "anthropic", requests: 1, cachedRequests: 0, ownKeyRequests: 0, fallbackRequests: 0, tokensIn: 100, tokensOut: 20, cachedTokens: 0, costUsd: 0.001, estimated: true },
      { userId: pro, plan: "pro", provider: "openai", requests: 2, cachedRequests: 0, ownKeyRequests: 0, fallbackRequests: 0, tokensIn: 200, tokensOut: 40, cachedTokens: 30, costUsd: 0.002, estimated: false },
      { userId: unknown, plan: null, provider: "demo", requests: 1, cachedRequests: 0, ownKeyRequests: 0, fallbackRequests: 0, tokensIn: 100, tokensOut: 20, cachedTokens: 0, costUsd: 0, estimated: false },
    ];
    expect(rows).toEqual(expected.sort((x, y) => (x.userId < y.userId ? -1 : x.userId > y.userId ? 1 : 0)));
  });

  it("older than the retention cut-off can be deleted by admins", async () => {
    const db = testDb();
    const user = newUser("retention");
    await recordUsage(db, user, event({ at: new Date("2001-01-01T00:00:00Z") }));
    await recordUsage(db, user, event({ at: new Date("2001-01-02T00:00:00Z") }));
    expect(await adminDeleteUsageBefore(db, "2001-01-02")).toBeGreaterThanOrEqual(1);
    expect((await rowsOf(user)).map((row) => row.date)).toEqual(["2001-01-02"]);
  });
});
