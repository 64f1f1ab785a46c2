import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { createDb, DEFAULT_SETTINGS, updateSettings } from "@chorus/db";
import { describe, expect, it } from "vitest";
import { KEY_TESTS_PER_MINUTE } from "../../../workers/gateway/src/durable/key-test-log.ts";
import type { UserQuota } from "../../../workers/gateway/src/durable/user-quota.ts";
import type { AdmitInput } from "../../../workers/gateway/src/durable/user-quota-types.ts";
import { quotaOf } from "./quota-helpers.ts";

const limits = { requestsPerMinute: 1_000, tokensPerDay: 1_000_000 };
const noon = Date.UTC(2026, 4, 31, 12, 0, 0);
const DAY = 24 * 3600_000;

function admission(now: number, extra: Partial<AdmitInput> = {}): AdmitInput {
  return { tier: "verified", plan: "free", limits, now, ...extra };
}

function freshUser(): { id: string; quota: DurableObjectStub<UserQuota> } {
  const id = `object-${crypto.randomUUID()}`;
  return { id, quota: quotaOf(id) };
}

describe("UserQuota object (clock injected through `now`)", () => {
  it("admits exactly 3 of 50 concurrent sample calls, even before any settles", async () => {
    const { quota } = freshUser();
    const answers = await Promise.all(Array.from({ length: 50 }, () => quota.admit(admission(noon, { tier: "sample" }))));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(3);
    expect(answers.filter((answer) => !answer.ok && answer.code === "sample_exhausted")).toHaveLength(47);
  });

  it("gives a slot back on a failed settle, keeps it on a served one, and ignores a second settle", async () => {
    const { quota } = freshUser();
    const first = await quota.admit(admission(noon, { tier: "sample" }));
    if (!first.ok) throw new Error("expected admission");
    await quota.settle({ reservation: first.reservation, served: false, tokens: 0 });
    for (let i = 0; i < 3; i++) {
      const answer = await quota.admit(admission(noon, { tier: "sample" }));
      if (!answer.ok) throw new Error("expected admission");
      await quota.settle({ reservation: answer.reservation, served: true, tokens: 5 });
      await quota.settle({ reservation: answer.reservation, served: true, tokens: 5 });
    }
    expect(await quota.admit(admission(noon, { tier: "sample" }))).toMatchObject({ ok: false, code: "sample_exhausted" });
  });

  it("refunds a reservation nobody settles once its lease is over (a crashed request)", async () => {
    const { quota } = freshUser();
    for (let i = 0; i < 3; i++) expect((await quota.admit(admission(noon, { tier: "sample", leaseMs: 1_000 }))).ok).toBe(true);
    expect((await quota.admit(admission(noon + 999, { tier: "sample" }))).ok).toBe(false);
    expect((await quota.admit(admission(noon + 1_000, { tier: "sample" }))).ok).toBe(true);
  });

  it("resets a daily usage limit at midnight UTC and a monthly one on the 1st, with Retry-After to that moment", async () => {
    const mid = Date.UTC(2026, 4, 15, 12, 0, 0);
    const nextDay = Date.UTC(2026, 4, 16);
    const nextMonth = Date.UTC(2026, 5, 1);
    for (const [period, reset] of [["daily", nextDay], ["monthly", nextMonth]] as const) {
      const { quota } = freshUser();
      await quota.updateSettings({ ...DEFAULT_SETTINGS, usageLimit: 1, usagePeriod: period });
      const served = await quota.admit(admission(mid));
      if (!served.ok) throw new Error("expected admission");
      await quota.settle({ reservation: served.reservation, served: true, tokens: 0 });
      expect(await quota.admit(admission(mid))).toMatchObject({ ok: false, code: "usage_limit_reached", retryAfterSeconds: (reset - mid) / 1000 });
      expect(await quota.admit(admission(reset - 1))).toMatchObject({ ok: false, retryAfterSeconds: 1 });
      expect((await quota.admit(admission(reset))).ok).toBe(true);
    }
  });

  it("counts tokens per UTC day at settle, only for the platform's key", async () => {
    const { quota } = freshUser();
    const tight = { ...limits, tokensPerDay: 100 };
    const own = await quota.admit(admission(noon, { limits: tight, ownKeyServes: true }));
    if (!own.ok) throw new Error("expected admission");
    await quota.settle({ reservation: own.reservation, served: true, tokens: 500 });
    const platform = await quota.admit(admission(noon, { limits: tight }));
    if (!platform.ok) throw new Error("expected admission");
    await quota.settle({ reservation: platform.reservation, served: true, tokens: 100 });
    expect(await quota.admit(admission(noon + 1, { limits: tight }))).toMatchObject({ ok: false, code: "token_limit_reached", retryAfterSeconds: 12 * 3600 });
    expect((await quota.admit(admission(noon + 1, { limits: tight, ownKeyServes: true }))).ok).toBe(true);
    expect((await quota.admit(admission(noon + DAY / 2, { limits: tight }))).ok).toBe(true);
  });

  it("slides the rate window: the slot of the oldest request frees up 60 s after it", async () => {
    const { quota } = freshUser();
    const rate = { ...limits, requestsPerMinute: 2 };
    expect((await quota.admit(admission(noon, { limits: rate }))).ok).toBe(true);
    expect((await quota.admit(admission(noon + 30_000, { limits: rate }))).ok).toBe(true);
    expect(await quota.admit(admission(noon + 45_000, { limits: rate }))).toMatchObject({ ok: false, code: "rate_limited", retryAfterSeconds: 15 });
    expect((await quota.admit(admission(noon + 60_000, { limits: rate }))).ok).toBe(true);
    expect((await quota.admit(admission(noon + 60_001, { limits: rate }))).ok).toBe(false);
    expect((await quota.admit(admission(noon + 60_001, { limits: rate, rateLimitedElsewhere: true }))).ok).toBe(true);
  });

  it("loads settings and own keys from D1 once, then keeps what the gateway tells it", async () => {
    const { id, quota } = freshUser();
    await updateSettings(createDb(env.DB), id, { preferredModel: "fast", usageLimit: 9 });
    expect(await quota.state()).toEqual({ settings: { ...DEFAULT_SETTINGS, preferredModel: "fast", usageLimit: 9 }, ownKeyProviders: [] });
    await updateSettings(createDb(env.DB), id, { usageLimit: 1 });
    expect((await quota.state()).settings.usageLimit).toBe(9);
    await quota.updateSettings({ ...DEFAULT_SETTINGS, usageLimit: 1 });
    await quota.setOwnKeyProviders(["anthropic", "anthropic"]);
    expect(await quota.state()).toEqual({ settings: { ...DEFAULT_SETTINGS, usageLimit: 1 }, ownKeyProviders: ["anthropic"] });
  });

  it("decides whether the user's own key serves from the serving hint, in the same call", async () => {
    const { quota } = freshUser();
    await quota.setOwnKeyProviders(["anthropic"]);
    const config = { defaultProfile: "a", profiles: { a: { candidates: [{ provider: "anthropic" as const, model: "" }] }, o: { candidates: [{ provider: "openai" as const, model: "" }] } } };
    const serving = { route: { config, demoAllowed: false }, platform: ["openai" as const], withPreference: true };
    expect(await quota.admit(admission(noon, { serving }))).toMatchObject({ ok: true, ownKeyServes: true });
    await quota.updateSettings({ ...DEFAULT_SETTINGS, preferredModel: "o" });
    expect(await quota.admit(admission(noon, { serving }))).toMatchObject({ ok: true, ownKeyServes: false });
  });

  it("restarted after an eviction, answers with the state it was last told, without reading D1 again", async () => {
    const { quota } = freshUser();
    expect((await quota.admit(admission(noon))).state.settings).toEqual(DEFAULT_SETTINGS);
    const told = { ...DEFAULT_SETTINGS, preferredModel: "cheap", favoriteModels: ["openai/gpt-5.4"] };
    // Only the object hears of it (D1 still has the defaults): what it answers next can only come from its own storage.
    await quota.updateSettings(told);
    await quota.setOwnKeyProviders(["anthropic"]);
    await evictDurableObject(quota);
    expect((await quota.admit(admission(noon))).state).toEqual({ settings: told, ownKeyProviders: ["anthropic"] });
  });

  it("started on the per-request log of an older object, counts its requests in per-second buckets", async () => {
    const { quota } = freshUser();
    await quota.state();
    await runInDurableObject(quota, (_instance: UserQuota, state) => {
      const sql = state.storage.sql;
      sql.exec("DROP TABLE request_times");
      sql.exec("CREATE TABLE request_times (at INTEGER NOT NULL)");
      sql.exec("CREATE INDEX request_times_at ON request_times (at)");
      for (const at of [noon - 30_000, noon - 20_000, noon - 20_000, noon - 10_000, noon - 90_000]) sql.exec("INSERT INTO request_times (at) VALUES (?)", at);
    });
    await evictDurableObject(quota);
    const perMinute = (requestsPerMinute: number) => admission(noon, { limits: { ...limits, requestsPerMinute } });
    // Four of the five logged requests are within the minute: a limit of 5 leaves one slot.
    expect(await quota.admit(perMinute(5))).toMatchObject({ ok: true });
    expect(await quota.admit(perMinute(5))).toMatchObject({ ok: false, code: "rate_limited" });
    await runInDurableObject(quota, (_instance: UserQuota, state) => {
      const names = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE name LIKE 'request%' ORDER BY name").toArray();
      expect(names.map((row) => row.name)).toEqual(["request_times"]);
      const columns = state.storage.sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('request_times')").toArray();
      expect(columns.map((column) => column.name)).toEqual(["second", "n"]);
    });
  });

  it("allows KEY_TESTS_PER_MINUTE key tests in any 60 s, across a restart", async () => {
    const { quota } = freshUser();
    for (let i = 0; i < KEY_TESTS_PER_MINUTE; i++) expect(await quota.admitKeyTest(noon + i * 1_000)).toEqual({ ok: true });
    await evictDurableObject(quota);
    // The oldest, at noon, leaves the window at noon + 60 s.
    expect(await quota.admitKeyTest(noon + 20_000)).toEqual({ ok: false, retryAfterSeconds: 40 });
    expect(await quota.admitKeyTest(noon + 60_000)).toEqual({ ok: true });
    expect(await quota.admitKeyTest(noon + 60_500)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it("keeps its counters in the tables docs/storage.md lists, pruned as they age", async () => {
    const { quota } = freshUser();
    const answer = await quota.admit(admission(noon));
    if (!answer.ok) throw new Error("expected admission");
    await quota.settle({ reservation: answer.reservation, served: true, tokens: 7 });
    await quota.admit(admission(noon + 40 * DAY));
    await runInDurableObject(quota, (_instance: UserQuota, state) => {
      const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name").toArray();
      expect(tables.map((table) => table.name)).toEqual(["key_tests", "request_times", "reservations", "sample", "usage", "user_state"]);
      const periods = state.storage.sql.exec<{ period: string }>("SELECT period FROM usage").toArray();
      expect(periods).toEqual([]);
      expect(state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM request_times").one().n).toBe(1);
    });
  });
});
