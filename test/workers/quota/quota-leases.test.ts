import { runInDurableObject } from "cloudflare:test";
import { LEASE_USE_BY_MS, ManualClock, type AdmissionRefusal } from "@chorus/core";
import { DEFAULT_SETTINGS } from "@chorus/db";
import { describe, expect, it } from "vitest";
import type { UserQuota } from "../../../workers/gateway/src/durable/user-quota.ts";
import { QuotaLeases, type AdmitRequest, type Admitted } from "../../../workers/gateway/src/quota/quota-leases.ts";
import { SETTLE_MAX_WAIT_MS, SETTLE_QUIET_MS } from "../../../workers/gateway/src/quota/user-leases.ts";
import { countingNamespace, quotaOf, type CountingNamespace } from "./quota-helpers.ts";

const noon = Date.UTC(2026, 4, 31, 12, 0, 0);
const limits = { requestsPerMinute: 100_000, tokensPerDay: 1_000_000 };

/** One isolate's QuotaLeases on a manual clock, the work its requests leave in `waitUntil` kept to be awaited. */
class Isolate {
  readonly leases: QuotaLeases;
  readonly #pending: { promise: Promise<unknown>; settled: boolean }[] = [];

  constructor(readonly clock: ManualClock, readonly quota: CountingNamespace) {
    this.leases = new QuotaLeases({ namespace: quota.USER_QUOTA, clock });
  }

  request(userId: string, extra: Partial<AdmitRequest> = {}): AdmitRequest {
    return {
      userId, tier: "verified", limits, ownKeyServes: false, rateLimitedElsewhere: false,
      waitUntil: (work) => {
        const entry = { promise: work, settled: false };
        work.then(() => (entry.settled = true), () => (entry.settled = true));
        this.#pending.push(entry);
      },
      ...extra,
    };
  }

  admit(userId: string, extra: Partial<AdmitRequest> = {}): Promise<Admitted | AdmissionRefusal> {
    return this.leases.admit(this.request(userId, extra));
  }

  /**
   * Lets the work left after responses run to its end: waits for the calls
   * in flight, and moves the clock on only when everything left waits on it.
   */
  async drain(): Promise<void> {
    for (let turn = 0; turn < 1_000; turn++) {
      await this.quota.idle();
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (this.#pending.every((entry) => entry.settled)) return;
      if (this.#pending.some((entry) => !entry.settled)) await this.clock.advance(SETTLE_QUIET_MS);
    }
    throw new Error("Isolate.drain: work still pending");
  }
}

function freshUser(): string {
  return `leases-${crypto.randomUUID()}`;
}

function admitted(answer: Admitted | AdmissionRefusal): Admitted {
  if (!answer.ok) throw new Error(`expected an admission, got ${answer.code}`);
  return answer;
}

async function objectCounts(userId: string): Promise<{ served: number; platformTokens: number; inFlight: number; leases: number }> {
  return runInDurableObject(quotaOf(userId), (_instance: UserQuota, state) => {
    const sql = state.storage.sql;
    const usage = sql.exec<{ requests: number; tokens: number }>("SELECT COALESCE(SUM(requests), 0) AS requests, COALESCE(SUM(platform_tokens), 0) AS tokens FROM usage WHERE length(period) = 10").one();
    const held = sql.exec<{ n: number; leases: number }>("SELECT COALESCE(SUM(permits - served - unserved - returned), 0) AS n, COUNT(*) AS leases FROM leases").one();
    return { served: usage.requests, platformTokens: usage.tokens, inFlight: held.n, leases: held.leases };
  });
}

describe("QuotaLeases (an isolate's side of the user's quota, clock injected)", () => {
  it("admits a burst of one user's parallel requests with one call per lease, and the next burst with none on its path", async () => {
    const isolate = new Isolate(new ManualClock(noon), countingNamespace());
    const userId = freshUser();
    const first = await Promise.all(Array.from({ length: 32 }, () => isolate.admit(userId)));
    expect(first.every((answer) => answer.ok)).toBe(true);
    // One call for the user's state; one lease for the first request and 4 ahead, one for the 27 that waited on it and 64 ahead.
    expect(isolate.quota.calls).toEqual(["state", "lease", "lease"]);
    expect(await objectCounts(userId)).toMatchObject({ inFlight: 5 + 27 + 64, leases: 2 });

    // Every call held: had any of these requests waited for the object, it would never be admitted.
    const release = isolate.quota.hold();
    const second = await Promise.all(Array.from({ length: 32 }, () => isolate.admit(userId)));
    expect(second.every((answer) => answer.ok)).toBe(true);
    // The next lease was asked for in the background, once half the permits held were taken.
    expect(isolate.quota.calls).toEqual(["state", "lease", "lease", "lease"]);
    release();

    for (const answer of [...first, ...second]) admitted(answer).settle({ served: true, tokens: 3 });
    await isolate.drain();
    // All 64 counted in one batch; the caller went quiet, so the permits left over went back with it.
    expect(isolate.quota.calls).toEqual(["state", "lease", "lease", "lease", "lease"]);
    expect(await objectCounts(userId)).toEqual({ served: 64, platformTokens: 64 * 3, inFlight: 0, leases: 0 });
  });

  it("gives back the permits a lease still holds when its use-by passes, on the next call", async () => {
    const clock = new ManualClock(noon);
    const isolate = new Isolate(clock, countingNamespace());
    const userId = freshUser();
    const running = admitted(await isolate.admit(userId));
    expect(await objectCounts(userId)).toMatchObject({ inFlight: 5 });
    await clock.advance(LEASE_USE_BY_MS);
    // The lease is past its use-by: this request waits for a new one, and the call gives the old one's 4 back.
    const next = admitted(await isolate.admit(userId));
    expect(await objectCounts(userId)).toMatchObject({ inFlight: 1 + 5, leases: 2 });
    for (const answer of [running, next]) answer.settle({ served: true });
    await isolate.drain();
    expect(await objectCounts(userId)).toEqual({ served: 2, platformTokens: 0, inFlight: 0, leases: 0 });
  });

  it("keeps a busy caller's permits, and gives them back once it has been quiet for SETTLE_QUIET_MS", async () => {
    const clock = new ManualClock(noon);
    const isolate = new Isolate(clock, countingNamespace());
    const userId = freshUser();
    const longRunning = admitted(await isolate.admit(userId));
    admitted(await isolate.admit(userId)).settle({ served: true });
    await clock.advance(SETTLE_MAX_WAIT_MS);
    await isolate.quota.idle();
    // Reported, but a request is still in flight: the caller is busy, its 3 unused permits stay here.
    expect(await objectCounts(userId)).toMatchObject({ served: 1, inFlight: 4 });
    longRunning.settle({ served: true });
    await isolate.drain();
    expect(await objectCounts(userId)).toEqual({ served: 2, platformTokens: 0, inFlight: 0, leases: 0 });
  });

  it("holds a usage limit exactly under a burst, from two isolates at once", async () => {
    const clock = new ManualClock(noon);
    const [a, b] = [new Isolate(clock, countingNamespace()), new Isolate(clock, countingNamespace())];
    const userId = freshUser();
    await a.leases.updateSettings(userId, { ...DEFAULT_SETTINGS, usageLimit: 5, usagePeriod: "daily" });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).admit(userId)));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(5);
    const refusals = answers.filter((answer): answer is AdmissionRefusal => !answer.ok);
    expect(refusals).toHaveLength(15);
    expect(refusals.every((refusal) => refusal.code === "usage_limit_reached" && refusal.retryAfterSeconds === 12 * 3600)).toBe(true);
    for (const answer of answers) if (answer.ok) answer.settle({ served: true });
    await Promise.all([a.drain(), b.drain()]);
    expect(await a.admit(userId)).toMatchObject({ ok: false, code: "usage_limit_reached" });
    expect(await objectCounts(userId)).toMatchObject({ served: 5, inFlight: 0 });
  });

  it("keeps the sample tier's 3 exact, from two isolates at once", async () => {
    const clock = new ManualClock(noon);
    const [a, b] = [new Isolate(clock, countingNamespace()), new Isolate(clock, countingNamespace())];
    const userId = freshUser();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).admit(userId, { tier: "sample" })));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(3);
    expect(answers.filter((answer) => !answer.ok && answer.code === "sample_exhausted")).toHaveLength(7);
    // One served, two that failed are given back: two more may be served, then none.
    answers.filter((answer) => answer.ok).forEach((answer, i) => admitted(answer).settle({ served: i === 0 }));
    await Promise.all([a.drain(), b.drain()]);
    const again = await Promise.all(Array.from({ length: 4 }, () => a.admit(userId, { tier: "sample" })));
    expect(again.filter((answer) => answer.ok)).toHaveLength(2);
  });

  it("sees a settings change made in this isolate at once: AI off refuses with no call; a lower usage limit binds the next request", async () => {
    const isolate = new Isolate(new ManualClock(noon), countingNamespace());
    const userId = freshUser();
    const running = admitted(await isolate.admit(userId));
    const calls = isolate.quota.calls.length;
    await isolate.leases.updateSettings(userId, { ...DEFAULT_SETTINGS, aiEnabled: false });
    expect((await isolate.leases.userState(userId)).settings.aiEnabled).toBe(false);
    const before = isolate.quota.calls.length;
    expect(await isolate.admit(userId)).toMatchObject({ ok: false, code: "ai_disabled_for_user", status: 403 });
    expect(isolate.quota.calls.length).toBe(before);
    expect(isolate.quota.calls.slice(calls)).toEqual(["updateSettings", "lease"]);

    // The permits held under the old settings went back with the change: the one in flight still counts.
    await isolate.leases.updateSettings(userId, { ...DEFAULT_SETTINGS, usageLimit: 1, usagePeriod: "daily" });
    expect(await objectCounts(userId)).toMatchObject({ inFlight: 1 });
    expect(await isolate.admit(userId)).toMatchObject({ ok: false, code: "usage_limit_reached" });
    running.settle({ served: true });
    await isolate.drain();
  });

  it("bounds the overshoot of tokens per day: another isolate admits only until its next call, within SETTLE_MAX_WAIT_MS of its answers", async () => {
    const clock = new ManualClock(noon);
    const [a, b] = [new Isolate(clock, countingNamespace()), new Isolate(clock, countingNamespace())];
    const userId = freshUser();
    const tight = { ...limits, tokensPerDay: 100 };
    const fromA = admitted(await a.admit(userId, { limits: tight }));
    const fromB = admitted(await b.admit(userId, { limits: tight }));
    fromA.settle({ served: true, tokens: 100 });
    // A knows at once: refused with no call.
    const callsOfA = a.quota.calls.length;
    expect(await a.admit(userId, { limits: tight })).toMatchObject({ ok: false, code: "token_limit_reached" });
    expect(a.quota.calls.length).toBe(callsOfA);
    await a.drain();
    expect(await objectCounts(userId)).toMatchObject({ platformTokens: 100 });

    // B has not heard yet: it admits on the permits it holds (the overshoot), until its next call brings the count.
    const late = admitted(await b.admit(userId, { limits: tight }));
    fromB.settle({ served: true, tokens: 10 });
    late.settle({ served: true, tokens: 10 });
    await clock.advance(SETTLE_MAX_WAIT_MS);
    await b.quota.idle();
    expect(await b.admit(userId, { limits: tight })).toMatchObject({ ok: false, code: "token_limit_reached" });
    await b.drain();
    expect(await objectCounts(userId)).toMatchObject({ served: 3, platformTokens: 120, inFlight: 0 });
  });
});
