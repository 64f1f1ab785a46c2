import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { IDEMPOTENCY_RETENTION_MS, type StoredResponse } from "../../workers/gateway/src/durable/idempotency.ts";
import type { GatewayEnv } from "../../workers/gateway/src/env.ts";
import { idempotencyObject } from "../../workers/gateway/src/idempotency/idempotency-object.ts";

const bindings = env as unknown as GatewayEnv;
const answer: StoredResponse = { status: 200, headers: { "content-type": "application/json", "x-chorus-provider": "openai" }, body: '{"ok":true}' };
const claim = { fingerprint: "f1", leaseMs: 60_000, waitMs: 0 };
const fresh = (scope = "user-a") => idempotencyObject(bindings, scope, crypto.randomUUID());

/** Moves a stored time into the past, as if the clock had run on; the object reads `Date.now()`. */
function backdate(object: ReturnType<typeof fresh>, column: "expires_at" | "lease_expires_at"): Promise<void> {
  return runInDurableObject(object, (_instance, state) => {
    state.storage.sql.exec(`UPDATE record SET ${column} = ?`, Date.now() - 1);
  });
}

async function leaseOf(object: ReturnType<typeof fresh>, input = claim): Promise<string> {
  const result = await object.claim(input);
  if (result.kind !== "run") throw new Error(`expected to run, got ${result.kind}`);
  return result.leaseId;
}

describe("the Idempotency object", () => {
  it("runs the first claim, replays after complete, and refuses another fingerprint", async () => {
    const object = fresh();
    expect(await object.complete(await leaseOf(object), answer)).toBe(true);
    expect(await object.claim(claim)).toEqual({ kind: "replay", response: answer });
    expect(await object.claim({ ...claim, fingerprint: "f2" })).toEqual({ kind: "mismatch" });
  });

  it("renews the lease for its holder only, and not once another request took the key over", async () => {
    const object = fresh();
    const leaseId = await leaseOf(object);
    expect(await object.renew("someone-else", 60_000)).toBe(false);
    await backdate(object, "lease_expires_at");
    // Lapsed but not taken over: the holder may still renew, and a duplicate then finds it in progress.
    expect(await object.renew(leaseId, 60_000)).toBe(true);
    expect(await object.claim(claim)).toEqual({ kind: "in_progress" });
    await backdate(object, "lease_expires_at");
    const taker = await leaseOf(object);
    expect(await object.renew(leaseId, 60_000)).toBe(false);
    expect(await object.renew(taker, 60_000)).toBe(true);
  });

  it("scopes keys: the same key in two scopes is two records", async () => {
    const key = crypto.randomUUID();
    const a = idempotencyObject(bindings, "user-a", key);
    const b = idempotencyObject(bindings, "user-b", key);
    await a.complete(await leaseOf(a), answer);
    expect((await b.claim(claim)).kind).toBe("run");
    expect((await a.claim(claim)).kind).toBe("replay");
  });

  it("says in_progress to a duplicate that will not wait, and wakes one that does", async () => {
    const object = fresh();
    const leaseId = await leaseOf(object);
    expect(await object.claim(claim)).toEqual({ kind: "in_progress" });
    const waiting = object.claim({ ...claim, waitMs: 5_000 });
    await object.complete(leaseId, answer);
    expect(await waiting).toEqual({ kind: "replay", response: answer });
  });

  it("hands the key to a waiting duplicate when the first releases it", async () => {
    const object = fresh();
    const leaseId = await leaseOf(object);
    const waiting = object.claim({ ...claim, waitMs: 5_000 });
    await object.release(leaseId);
    expect((await waiting).kind).toBe("run");
  });

  it("lets a retry take over a key whose lease ran out, dropping the late answer", async () => {
    const object = fresh();
    const crashed = await leaseOf(object);
    await backdate(object, "lease_expires_at");
    const retry = await leaseOf(object);
    expect(retry).not.toBe(crashed);
    expect(await object.complete(crashed, answer)).toBe(false);
    await object.release(crashed);
    expect(await object.complete(retry, { ...answer, body: "retry" })).toBe(true);
    expect(await object.claim(claim)).toMatchObject({ kind: "replay", response: { body: "retry" } });
  });

  it("keeps a record 24 h: the alarm is set for then, and deletes the record once due", async () => {
    const object = fresh();
    const before = Date.now();
    await object.complete(await leaseOf(object), answer);
    const alarm = await runInDurableObject(object, (_instance, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThanOrEqual(before + IDEMPOTENCY_RETENTION_MS);
    expect(alarm).toBeLessThanOrEqual(Date.now() + IDEMPOTENCY_RETENTION_MS);

    // An alarm that fires early deletes nothing and comes back at the expiry.
    expect(await runDurableObjectAlarm(object)).toBe(true);
    expect((await object.claim(claim)).kind).toBe("replay");
    expect(await runInDurableObject(object, (_instance, state) => state.storage.getAlarm())).toBe(alarm);

    await backdate(object, "expires_at");
    expect(await runDurableObjectAlarm(object)).toBe(true);
    const left = await runInDurableObject(object, (_instance, state) =>
      state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'record'").toArray());
    expect(left).toEqual([]);
    expect((await object.claim({ ...claim, fingerprint: "another body, a day later" })).kind).toBe("run");
  });

  it("frees all storage when a key is released", async () => {
    const object = fresh();
    await object.release(await leaseOf(object));
    expect(await runInDurableObject(object, (_instance, state) => state.storage.getAlarm())).toBeNull();
    expect((await object.claim({ ...claim, fingerprint: "f2" })).kind).toBe("run");
  });
});
