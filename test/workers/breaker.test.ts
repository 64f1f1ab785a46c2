import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import type { BreakerOutcome } from "@chorus/core";
import { Breaker, BREAKER_IDLE_MS, HEALTH_WINDOW_SIZE, type RecordSettings } from "../../workers/gateway/src/durable/breaker.ts";
import { bindings, breaker, resetBreakers } from "./breaker-helpers.ts";

afterEach(resetBreakers);

const policy = { threshold: 3, windowMs: 10_000, resetMs: 1_000 };
const provider = (now: number): RecordSettings => ({ scope: "provider", policy, now });
const key = (now: number): RecordSettings => ({ scope: "key", policy, now });
const failure: BreakerOutcome = { kind: "server", status: 503, model: "m", latencyMs: 20 };
const ok = (latencyMs: number, extra: Partial<BreakerOutcome> = {}): BreakerOutcome => ({ kind: "ok", model: "m", latencyMs, ...extra });
const unique = (label: string) => `provider:${label}-${crypto.randomUUID()}`;

async function openIt(stub: DurableObjectStub<Breaker>, at: number): Promise<void> {
  for (let i = 0; i < policy.threshold; i++) await stub.recordMany([failure], provider(at));
}

describe("Breaker durable object", () => {
  it("creates its schema in the constructor, idempotently", async () => {
    const stub = breaker(unique("schema"));
    const tables = await runInDurableObject(stub, (_instance: Breaker, state) =>
      state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name").toArray().map((row) => row.name));
    expect(tables).toEqual(["circuit", "daily_tokens", "guardrail_penalties", "outcomes"]);
    await runInDurableObject(stub, (_instance: Breaker, state) => {
      expect(() => new Breaker(state, bindings)).not.toThrow();
    });
  });

  it("keeps guardrail penalties per feature, the later end winning, until they end", async () => {
    const stub = breaker(unique("penalties"));
    await stub.penalize("faq", 5_000, 1_000);
    await stub.penalize("faq", 3_000, 1_000);
    expect((await stub.penalize("support", 2_000, 1_000)).guardrailPenalties).toEqual({ faq: 5_000, support: 2_000 });
    expect((await stub.snapshot(2_000)).guardrailPenalties).toEqual({ faq: 5_000 });
    expect((await stub.snapshot(5_000)).guardrailPenalties).toEqual({});
  });

  it("is closed and lets requests through without a permit", async () => {
    expect(await breaker(unique("fresh")).acquire({ now: 0 })).toMatchObject({ allowed: true, state: "closed" });
  });

  it("opens after the threshold, rejects while open, then gives exactly one half-open permit", async () => {
    const stub = breaker(unique("cycle"));
    await stub.recordMany([failure], provider(0));
    expect((await stub.recordMany([failure], provider(10))).state).toBe("closed");
    expect(await stub.recordMany([failure], provider(20))).toMatchObject({ state: "open", openedAt: 20, openUntil: 1_020 });
    expect(await stub.acquire({ now: 500 })).toMatchObject({ allowed: false, state: "open", openUntil: 1_020 });
    const probe = await stub.acquire({ now: 1_020, leaseMs: 300 });
    expect(probe).toMatchObject({ allowed: true, state: "half_open", permit: { expiresAt: 1_320 } });
    expect(await stub.acquire({ now: 1_100 })).toMatchObject({ allowed: false, state: "half_open", openUntil: 1_320 });
    expect((await stub.recordMany([ok(5, { permit: probe.permit!.id })], provider(1_150))).state).toBe("closed");
  });

  it("re-opens when the probe fails; an expired lease lets another caller probe", async () => {
    const stub = breaker(unique("reopen"));
    await openIt(stub, 0);
    const first = await stub.acquire({ now: 1_000, leaseMs: 100 });
    const second = await stub.acquire({ now: 1_100, leaseMs: 100 });
    expect(second.permit?.id).not.toBe(first.permit?.id);
    // The first probe reports late: it no longer decides.
    expect((await stub.recordMany([{ ...failure, permit: first.permit!.id }], provider(1_150))).state).toBe("half_open");
    expect(await stub.recordMany([{ ...failure, permit: second.permit!.id }], provider(1_160))).toMatchObject({ state: "open", openUntil: 2_160 });
  });

  it("gives one permit however many ask at once", async () => {
    const stub = breaker(unique("race"));
    await openIt(stub, 0);
    const answers = await Promise.all(Array.from({ length: 25 }, () => stub.acquire({ now: 5_000 })));
    expect(answers.filter((answer) => answer.allowed)).toHaveLength(1);
    expect(answers.filter((answer) => answer.permit)).toHaveLength(1);
  });

  it("takes back an unused permit so the next caller may probe at once", async () => {
    const stub = breaker(unique("release"));
    await openIt(stub, 0);
    const probe = await stub.acquire({ now: 1_000 });
    await stub.release(probe.permit!.id, 1_001);
    expect((await stub.acquire({ now: 1_002 })).allowed).toBe(true);
  });

  it("keeps its state across an eviction", async () => {
    const name = unique("evict");
    await openIt(breaker(name), Date.now());
    await evictDurableObject(breaker(name));
    expect((await breaker(name).snapshot()).state).toBe("open");
    expect((await breaker(name).acquire()).allowed).toBe(false);
  });

  it("never opens the provider circuit for 429s; a key's breaker honours Retry-After", async () => {
    const limited: BreakerOutcome = { kind: "rate_limit", status: 429, model: "m", latencyMs: 5, retryAfterMs: 2_000 };
    const circuit = breaker(unique("circuit"));
    for (let i = 0; i < 10; i++) await circuit.recordMany([limited], provider(i));
    expect((await circuit.snapshot(20)).state).toBe("closed");
    const keyed = breaker(`key:test:${crypto.randomUUID()}`);
    expect(await keyed.recordMany([limited], key(100))).toMatchObject({ state: "open", openUntil: 2_100 });
    expect((await keyed.acquire({ now: 2_100 })).allowed).toBe(true);
  });

  it("cools a key down from when the 429 came, for what it asked; a success on the key after that ends it", async () => {
    const keyed = breaker(`key:test:${crypto.randomUUID()}`);
    const limited: BreakerOutcome = { kind: "rate_limit", status: 429, model: "m", latencyMs: 5, retryAfterMs: 1_000, at: 100 };
    // Reported 400 ms after the 429: it still ends 1 s after the 429.
    expect(await keyed.recordMany([limited], key(500))).toMatchObject({ state: "open", openedAt: 100, openUntil: 1_100 });
    // A success from before the 429, reported late, changes nothing; one after it ends the cooldown.
    expect((await keyed.recordMany([ok(5, { at: 90 })], key(600))).state).toBe("open");
    expect((await keyed.recordMany([ok(5, { at: 550 })], key(600))).state).toBe("closed");
    // A request that waited Retry-After out and was served at its retry: nothing is left to wait for.
    expect((await keyed.recordMany([{ ...limited, at: 1_000 }, ok(5, { at: 2_010 })], key(2_020))).state).toBe("closed");
    // A probe after a cooldown that meets a 401 counts it as one failure: no reset period the provider never asked for.
    await keyed.recordMany([{ ...limited, at: 3_000 }], key(3_000));
    const probe = await keyed.acquire({ now: 4_000 });
    const rejected: BreakerOutcome = { kind: "auth", status: 401, model: "m", latencyMs: 5, at: 4_010, permit: probe.permit!.id };
    expect((await keyed.recordMany([rejected], key(4_020))).state).toBe("closed");
    // The provider's circuit is never ended by a success from another request: only its probe decides.
    const circuit = breaker(unique("no-recovery"));
    await openIt(circuit, 0);
    expect((await circuit.recordMany([ok(5, { at: 10 })], provider(20))).state).toBe("open");
  });

  it("reports health: success rate, latency percentiles, time to first token, per model, tokens today", async () => {
    const stub = breaker(unique("health"));
    const now = Date.now();
    for (let i = 1; i <= 20; i++) await stub.recordMany([ok(i * 10, { model: "fast", tokens: 10 })], provider(now));
    await stub.recordMany([ok(1_000, { model: "stream", ttftMs: 120, tokens: 30 })], provider(now));
    await stub.recordMany([{ ...failure, model: "fast" }], provider(now));
    await stub.recordMany([{ kind: "bad_request", status: 400, model: "fast", latencyMs: 3 }], provider(now));
    const snapshot = await stub.snapshot(now);
    expect(snapshot).toMatchObject({ state: "closed", requests: 23, tokensToday: 230, requestsToday: 21, ttftP50Ms: 120 });
    expect(snapshot.successRate).toBeCloseTo(22 / 23);
    expect(snapshot.perModel.fast).toMatchObject({ requests: 22, p50Ms: 100, p95Ms: 190, tokensToday: 200 });
    expect(snapshot.perModel.stream).toMatchObject({ requests: 1, p50Ms: 1_000, ttftP50Ms: 120, tokensToday: 30 });
  });

  it("applies a batch of outcomes in order, as the same reports one by one would", async () => {
    const [batched, single] = [breaker(unique("batch")), breaker(unique("single"))];
    const now = Date.now();
    const outcomes = [ok(10, { tokens: 5 }), failure, failure, ok(30, { tokens: 7 }), failure, failure, ok(40, { model: "other", tokens: 2 })];
    const answer = await batched.recordMany(outcomes, provider(now));
    for (const outcome of outcomes) await single.recordMany([outcome], provider(now));
    const expected = await single.snapshot(now);
    // The third failure opens it; the two after it find it open. Every outcome counts in the health window.
    expect(answer).toMatchObject({ state: "open", openUntil: now + policy.resetMs, requests: 7, tokensToday: 14, requestsToday: 3 });
    expect({ ...answer, version: 0 }).toEqual({ ...expected, version: 0 });
  });

  it("keeps a bounded window of outcomes", async () => {
    const stub = breaker(unique("bounded"));
    const now = Date.now();
    for (let i = 0; i < HEALTH_WINDOW_SIZE + 30; i++) await stub.recordMany([ok(i)], provider(now));
    const rows = await runInDurableObject(stub, (_instance: Breaker, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outcomes").one().n);
    expect(rows).toBe(HEALTH_WINDOW_SIZE);
    expect((await stub.snapshot(now)).requests).toBe(HEALTH_WINDOW_SIZE);
    const batched = breaker(unique("bounded-batch"));
    await batched.recordMany(Array.from({ length: HEALTH_WINDOW_SIZE + 30 }, (_, i) => ok(i)), provider(now));
    expect(await runInDurableObject(batched, (_instance: Breaker, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outcomes").one().n)).toBe(HEALTH_WINDOW_SIZE);
    expect((await batched.snapshot(now)).requests).toBe(HEALTH_WINDOW_SIZE);
    // Outcomes older than the window's age no longer count.
    expect((await stub.snapshot(now + 10 * 60_000)).requests).toBe(0);
  });

  it("forgets everything once idle for BREAKER_IDLE_MS (its one alarm), and not before", async () => {
    const stub = breaker(unique("idle"));
    await openIt(stub, Date.now());
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await stub.snapshot()).state).toBe("open");
    await runInDurableObject(stub, (_instance: Breaker, state) => {
      state.storage.sql.exec("UPDATE circuit SET touched_at = ?", Date.now() - BREAKER_IDLE_MS);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.snapshot()).toMatchObject({ state: "closed", requests: 0 });
  });
});
