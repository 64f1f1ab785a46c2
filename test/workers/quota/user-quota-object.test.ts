import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { LEASE_HOLD_MS, LEASE_USE_BY_MS } from "@chorus/core";
import { createDb, DEFAULT_SETTINGS, updateSettings } from "@chorus/db";
import { describe, expect, it } from "vitest";
import { KEY_TESTS_PER_MINUTE } from "../../../workers/gateway/src/durable/key-test-log.ts";
import type { UserQuota } from "../../../workers/gateway/src/durable/user-quota.ts";
import type { GrantAnswer, GrantRequest, Lease, LeaseReport } from "../../../workers/gateway/src/durable/user-quota-types.ts";
import { quotaOf } from "./quota-helpers.ts";

const limits = { requestsPerMinute: 1_000, tokensPerDay: 1_000_000 };
const noon = Date.UTC(2026, 4, 31, 12, 0, 0);
const DAY = 24 * 3600_000;

type Quota = DurableObjectStub<UserQuota>;

function freshUser(): { id: string; quota: Quota } {
  const id = `object-${crypto.randomUUID()}`;
  return { id, quota: quotaOf(id) };
}

/** One pool's grant at `now`, with reports sent first. */
async function grant(quota: Quota, now: number, request: Partial<GrantRequest> = {}, settle: LeaseReport[] = []): Promise<GrantAnswer> {
  const answer = await quota.lease({ now, settle, grant: [{ pool: "platform", want: 1, ahead: 0, limits, ...request }] });
  return answer.grants[0]!;
}

function leaseOf(answer: GrantAnswer): Lease {
  if (!answer.lease) throw new Error(`expected a lease, got ${JSON.stringify(answer)}`);
  return answer.lease;
}

/** Reports the whole lease: `served` of its permits served, the rest as `unserved`. */
async function report(quota: Quota, now: number, lease: Lease, totals: Partial<Omit<LeaseReport, "lease">>): Promise<void> {
  await quota.lease({ now, settle: [{ lease: lease.id, served: 0, unserved: 0, returned: 0, tokens: 0, ...totals }], grant: [] });
}

describe("UserQuota object (clock injected through `now`)", () => {
  it("grants exactly 3 sample permits to 50 concurrent calls, even before any is reported", async () => {
    const { quota } = freshUser();
    const answers = await Promise.all(Array.from({ length: 50 }, () => grant(quota, noon, { pool: "sample", ahead: 10 })));
    expect(answers.reduce((sum, answer) => sum + (answer.lease?.permits ?? 0), 0)).toBe(3);
    expect(answers.filter((answer) => answer.refusal?.code === "sample_exhausted")).toHaveLength(47);
  });

  it("takes back unserved permits, keeps served ones, and counts a report sent twice once", async () => {
    const { quota } = freshUser();
    const first = leaseOf(await grant(quota, noon, { pool: "sample" }));
    await report(quota, noon, first, { unserved: 1 });
    for (let i = 0; i < 3; i++) {
      const lease = leaseOf(await grant(quota, noon, { pool: "sample" }));
      await report(quota, noon, lease, { served: 1, tokens: 5 });
      await report(quota, noon, lease, { served: 1, tokens: 5 });
    }
    expect((await grant(quota, noon, { pool: "sample" })).refusal).toMatchObject({ code: "sample_exhausted", status: 403 });
  });

  it("stops counting permits nobody reports once the lease's hold is over (a lost isolate)", async () => {
    const { quota } = freshUser();
    expect(leaseOf(await grant(quota, noon, { pool: "sample", want: 3 })).permits).toBe(3);
    expect((await grant(quota, noon + LEASE_HOLD_MS - 1, { pool: "sample" })).refusal?.code).toBe("sample_exhausted");
    expect(leaseOf(await grant(quota, noon + LEASE_HOLD_MS, { pool: "sample" })).permits).toBe(1);
  });

  it("grants the requests waiting what the limit allows, with the refusal for the rest", async () => {
    const { quota } = freshUser();
    await quota.updateSettings({ ...DEFAULT_SETTINGS, usageLimit: 5 });
    const answer = await grant(quota, noon, { pool: "own-key", want: 8, ahead: 16 });
    expect(answer.lease?.permits).toBe(5);
    expect(answer.refusal).toMatchObject({ code: "usage_limit_reached", status: 429 });
  });

  it("grants permits ahead only while the limits have room to spare: a usage limit's last requests one at a time", async () => {
    const { quota } = freshUser();
    await quota.updateSettings({ ...DEFAULT_SETTINGS, usageLimit: 20 });
    const sizes: number[] = [];
    for (;;) {
      const answer = await grant(quota, noon, { want: 1, ahead: 64 });
      if (!answer.lease) {
        expect(answer.refusal?.code).toBe("usage_limit_reached");
        break;
      }
      sizes.push(answer.lease.permits);
    }
    // 1 asked + a quarter of what is left, until less than 4 is left to spare.
    expect(sizes).toEqual([5, 4, 3, 2, 2, 1, 1, 1, 1]);
    expect(sizes.reduce((a, b) => a + b)).toBe(20);
    expect(await grant(quota, noon, { want: 0, ahead: 64 })).toMatchObject({ refusal: { code: "usage_limit_reached" } });
  });

  it("counts returned permits out again, and nothing ahead past the use-by", async () => {
    const { quota } = freshUser();
    await quota.updateSettings({ ...DEFAULT_SETTINGS, usageLimit: 20 });
    const lease = leaseOf(await grant(quota, noon, { want: 1, ahead: 64 }));
    expect(lease).toMatchObject({ permits: 5, useBy: noon + LEASE_USE_BY_MS, day: "2026-05-31" });
    await report(quota, noon, lease, { served: 1, returned: 4 });
    expect(leaseOf(await grant(quota, noon, { want: 1, ahead: 64 })).permits).toBe(5);
  });

  it("resets a daily usage limit at midnight UTC and a monthly one on the 1st, with Retry-After to that moment", async () => {
    const mid = Date.UTC(2026, 4, 15, 12, 0, 0);
    const nextDay = Date.UTC(2026, 4, 16);
    const nextMonth = Date.UTC(2026, 5, 1);
    for (const [period, reset] of [["daily", nextDay], ["monthly", nextMonth]] as const) {
      const { quota } = freshUser();
      await quota.updateSettings({ ...DEFAULT_SETTINGS, usageLimit: 1, usagePeriod: period });
      await report(quota, mid, leaseOf(await grant(quota, mid)), { served: 1 });
      expect((await grant(quota, mid)).refusal).toMatchObject({ code: "usage_limit_reached", retryAfterSeconds: (reset - mid) / 1000 });
      expect((await grant(quota, reset - 1)).refusal).toMatchObject({ retryAfterSeconds: 1 });
      expect((await grant(quota, reset)).lease).toBeDefined();
    }
  });

  it("counts tokens per UTC day as they are reported, only for the platform's key, and answers the count", async () => {
    const { quota } = freshUser();
    const tight = { ...limits, tokensPerDay: 100 };
    await report(quota, noon, leaseOf(await grant(quota, noon, { pool: "own-key" })), { served: 1, tokens: 500 });
    const platform = leaseOf(await grant(quota, noon, { limits: tight }));
    const answer = await quota.lease({ now: noon, settle: [{ lease: platform.id, served: 1, unserved: 0, returned: 0, tokens: 100 }], grant: [] });
    expect(answer.tokens).toEqual({ day: "2026-05-31", tokens: 100 });
    expect((await grant(quota, noon + 1, { limits: tight })).refusal).toMatchObject({ code: "token_limit_reached", retryAfterSeconds: 12 * 3600 });
    expect((await grant(quota, noon + 1, { pool: "own-key" })).lease).toBeDefined();
    expect((await grant(quota, noon + DAY / 2, { limits: tight })).lease).toBeDefined();
  });

  it("slides the rate window over grants: a permit counts from its grant; one given back unused leaves the window", async () => {
    const { quota } = freshUser();
    const rate = { ...limits, requestsPerMinute: 2 };
    await report(quota, noon, leaseOf(await grant(quota, noon, { limits: rate })), { unserved: 1 });
    const second = leaseOf(await grant(quota, noon + 30_000, { limits: rate }));
    expect((await grant(quota, noon + 45_000, { limits: rate })).refusal).toMatchObject({ code: "rate_limited", retryAfterSeconds: 15 });
    await report(quota, noon + 45_000, second, { returned: 1 });
    expect((await grant(quota, noon + 45_000, { limits: rate })).lease).toBeDefined();
    expect((await grant(quota, noon + 60_000, { limits: rate })).lease).toBeDefined();
    expect((await grant(quota, noon + 60_001, { limits: rate })).refusal?.code).toBe("rate_limited");
    expect((await grant(quota, noon + 60_001, { limits: rate, rateLimitedElsewhere: true })).lease).toBeDefined();
  });

  it("loads settings and own keys from D1 once, then keeps what the gateway tells it, each change a newer version", async () => {
    const { id, quota } = freshUser();
    await updateSettings(createDb(env.DB), id, { preferredModel: "fast", usageLimit: 9 });
    const loaded = await quota.state();
    expect(loaded).toMatchObject({ settings: { ...DEFAULT_SETTINGS, preferredModel: "fast", usageLimit: 9 }, ownKeyProviders: [] });
    await updateSettings(createDb(env.DB), id, { usageLimit: 1 });
    expect((await quota.state()).settings.usageLimit).toBe(9);
    const told = await quota.updateSettings({ ...DEFAULT_SETTINGS, usageLimit: 1 });
    expect(told.version).toBeGreaterThan(loaded.version);
    const keys = await quota.setOwnKeyProviders(["anthropic", "anthropic"]);
    expect(keys).toMatchObject({ settings: { ...DEFAULT_SETTINGS, usageLimit: 1 }, ownKeyProviders: ["anthropic"] });
    expect(keys.version).toBeGreaterThan(told.version);
  });

  it("answers a change made before its first load with the other half read from D1", async () => {
    const { id, quota } = freshUser();
    await updateSettings(createDb(env.DB), id, { usageLimit: 4 });
    expect(await quota.setOwnKeyProviders(["openai"])).toMatchObject({ settings: { ...DEFAULT_SETTINGS, usageLimit: 4 }, ownKeyProviders: ["openai"] });
  });

  it("restarted after an eviction, answers with the state it was last told, without reading D1 again, at no older a version", async () => {
    const { quota } = freshUser();
    expect((await quota.state()).settings).toEqual(DEFAULT_SETTINGS);
    const told = { ...DEFAULT_SETTINGS, preferredModel: "cheap", favoriteModels: ["openai/gpt-5.4"] };
    // Only the object hears of it (D1 still has the defaults): what it answers next can only come from its own storage.
    await quota.updateSettings(told);
    const before = await quota.setOwnKeyProviders(["anthropic"]);
    await evictDurableObject(quota);
    const answer = await quota.lease({ now: noon, settle: [], grant: [] });
    expect(answer.state).toMatchObject({ settings: told, ownKeyProviders: ["anthropic"] });
    expect(answer.state.version).toBeGreaterThanOrEqual(before.version);
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

  it("keeps its counters in the tables docs/storage.md lists, across a restart, pruned as they age", async () => {
    const { quota } = freshUser();
    await quota.updateSettings({ ...DEFAULT_SETTINGS, usageLimit: 3 });
    const done = leaseOf(await grant(quota, noon));
    await report(quota, noon, done, { served: 1, tokens: 7 });
    leaseOf(await grant(quota, noon));
    await evictDurableObject(quota);
    // One served and one in flight, restored from storage: one left.
    expect(leaseOf(await grant(quota, noon, { want: 5 })).permits).toBe(1);
    await runInDurableObject(quota, (_instance: UserQuota, state) => {
      const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY name").toArray();
      expect(tables.map((table) => table.name)).toEqual(["key_tests", "leases", "request_times", "sample", "usage", "user_state"]);
      expect(state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM leases").one().n).toBe(2);
    });
    await grant(quota, noon + 40 * DAY);
    await runInDurableObject(quota, (_instance: UserQuota, state) => {
      expect(state.storage.sql.exec<{ period: string }>("SELECT period FROM usage").toArray()).toEqual([]);
      expect(state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM leases").one().n).toBe(1);
      expect(state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM request_times").one().n).toBe(1);
    });
  });
});
