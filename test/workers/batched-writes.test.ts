import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import type { BreakerOutcome } from "@chorus/core";
import { createDb, usageByDay } from "../../packages/db/src/index.ts";
import { reportOutcomes } from "../../workers/gateway/src/edge/breaker-reports.ts";
import { usageBatch } from "../../workers/gateway/src/metering/usage-batch.ts";
import { breaker, resetBreakers } from "./breaker-helpers.ts";
import type { GatewayEnv } from "../../workers/gateway/src/env.ts";

const bindings = env as unknown as GatewayEnv;
const policy = { threshold: 3, windowMs: 60_000, resetMs: 60_000 };
const ok: BreakerOutcome = { kind: "ok", model: "m", latencyMs: 12 };
const failure: BreakerOutcome = { kind: "server", status: 503, model: "m", latencyMs: 20 };

afterEach(resetBreakers);

describe("breaker reports from an isolate", () => {
  it("send routine successes together, after the window, in one call", async () => {
    const name = `provider:batch-${crypto.randomUUID()}`;
    const settings = { scope: "provider" as const, policy };
    const [send] = reportOutcomes(bindings.BREAKER, name, [ok], settings);
    expect(send).toBeInstanceOf(Promise);
    // Later reports join the open window: no send of their own.
    expect(reportOutcomes(bindings.BREAKER, name, [{ ...ok, latencyMs: 30 }], settings)).toEqual([]);
    expect(reportOutcomes(bindings.BREAKER, name, [{ ...ok, latencyMs: 50 }], settings)).toEqual([]);
    expect((await breaker(name).snapshot()).requests).toBe(0);
    await send;
    const snapshot = await breaker(name).snapshot();
    expect(snapshot).toMatchObject({ requests: 3, p50Ms: 30, state: "closed" });
    // One call, one write of the circuit: its version moved once.
    expect(snapshot.version).toBe(1);
  });

  it("send a failure at once, with the successes that waited before it, so a circuit opens without delay", async () => {
    const name = `provider:urgent-${crypto.randomUUID()}`;
    const settings = { scope: "provider" as const, policy: { ...policy, threshold: 1 } };
    reportOutcomes(bindings.BREAKER, name, [ok], settings);
    // A send of its own (a routine report joining the window gets none) that takes the waiting success along.
    // That it does not wait for the window's timer is WindowBatch's own test, on a manual clock: no wall clock here.
    const sends = reportOutcomes(bindings.BREAKER, name, [failure], settings);
    expect(sends).toHaveLength(1);
    await Promise.all(sends);
    expect(await breaker(name).snapshot()).toMatchObject({ state: "open", requests: 2, successRate: 0.5 });
  });

  it("send one request's outcomes at a key in one call, in order, when one of them matters", async () => {
    const name = `key:batch-${crypto.randomUUID()}`;
    const settings = { scope: "key" as const, policy };
    const now = Date.now();
    // A 429 whose Retry-After is still running, then the same request served there: the key is not cooling.
    const limited: BreakerOutcome = { kind: "rate_limit", status: 429, model: "m", latencyMs: 5, retryAfterMs: 60_000, at: now - 100 };
    await Promise.all(reportOutcomes(bindings.BREAKER, name, [limited, { ...ok, at: now }], settings));
    expect(await breaker(name).snapshot()).toMatchObject({ state: "closed", requests: 2, version: 1 });
  });
});

describe("usage rows from an isolate", () => {
  it("go to D1 in one batch; a row that cannot be written is named and the others still land", async () => {
    const at = new Date("2034-03-03T10:00:00Z");
    const user = `batch-user-${crypto.randomUUID()}`;
    const event = { provider: "openai" as const, model: "gpt-5.4-mini", tokensIn: 10, tokensOut: 5, cachedTokens: 0, costUsd: 0.001, cached: false, ownKey: false, fallback: false, estimated: false, at };
    const batch = usageBatch(bindings.DB);
    const write = batch.add({ userId: user, event });
    batch.add({ userId: user, event: { ...event, tokensIn: -1 } });
    batch.add({ userId: user, event: { ...event, tokensOut: 7 } });
    await expect(write).rejects.toThrow("1 usage row(s) refused: tokensIn must be a finite number >= 0");
    const { days } = await usageByDay(createDb(bindings.DB), user, { from: "2034-03-03", to: "2034-03-03" });
    expect(days).toMatchObject([{ date: "2034-03-03", requests: 2, tokensIn: 20, tokensOut: 12 }]);
  });
});
