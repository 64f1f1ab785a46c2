import { env, listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import type { BreakerState, ProviderId } from "@chorus/core";
import { BREAKER_TABLES, type Breaker } from "../../workers/gateway/src/durable/breaker.ts";
import { readCircuit, writeCircuit } from "../../workers/gateway/src/durable/breaker-circuit.ts";
import { breakerMemo } from "../../workers/gateway/src/edge/breaker-memo.ts";
import { keyBreakerName } from "../../workers/gateway/src/edge/breaker-names.ts";
import { keyFingerprint } from "../../workers/gateway/src/edge/key-fingerprint.ts";
import type { GatewayEnv } from "../../workers/gateway/src/env.ts";
import { settle } from "./gateway-client.ts";

/** The test bindings (vitest.config.ts): the Worker's, plus where the fake upstreams listen. */
export const bindings = env as unknown as GatewayEnv & { FAKE_OPENAI_URL: string; FAKE_ANTHROPIC_URL: string; FAKE_GOOGLE_URL: string };

/**
 * Fresh breakers for the next test. Tests in one file share Durable Object
 * storage and the isolate's memo, and a file that provokes failures on
 * purpose would otherwise open circuits for the tests after it: reports still
 * in flight land first, then every Breaker and the memo forget.
 */
export async function resetBreakers(): Promise<void> {
  await settle();
  for (const id of await listDurableObjectIds(bindings.BREAKER)) {
    await runInDurableObject(bindings.BREAKER.get(id), (_instance: Breaker, state) => {
      for (const table of Object.keys(BREAKER_TABLES)) state.storage.sql.exec(`DELETE FROM ${table}`);
    });
  }
  breakerMemo.clear();
}

/** The Breaker object of a name (`provider:openai`, `key:openai:<fingerprint>`). */
export function breaker(name: string): DurableObjectStub<Breaker> {
  return bindings.BREAKER.getByName(name);
}

/** The Breaker name of a provider's key (the platform's, from the test bindings, unless given). */
export async function keyBreaker(provider: ProviderId, apiKey?: string): Promise<string> {
  const key = apiKey ?? (bindings as unknown as Record<string, string>)[`${provider.toUpperCase()}_API_KEY`];
  return keyBreakerName(provider, await keyFingerprint(key));
}

/**
 * Sets a breaker's circuit in the object directly (`change` gets the stored
 * one), and the isolate's memo hears of it as from a refresh: tests set the
 * state they need rather than wait for it on the wall clock.
 */
export async function setCircuit(name: string, change: (circuit: BreakerState) => BreakerState): Promise<void> {
  await settle();
  const stub = breaker(name);
  await runInDurableObject(stub, (_instance: Breaker, state) => {
    writeCircuit(state.storage.sql, change(readCircuit(state.storage.sql).circuit));
  });
  breakerMemo.fromSnapshot(name, await stub.snapshot(), Date.now());
}

/** Opens a breaker now for `ms`, as failures or a Retry-After would. */
export function openCircuit(name: string, ms = 60_000): Promise<void> {
  const now = Date.now();
  return setCircuit(name, () => ({ state: "open", openedAt: now, openUntil: now + ms }));
}

/** Ends a breaker's open period now, as if its time had passed. */
export function endOpenPeriod(name: string): Promise<void> {
  return setCircuit(name, (circuit) => {
    if (circuit.state !== "open") throw new Error(`${name} is ${circuit.state}, not open`);
    return { ...circuit, openUntil: Date.now() };
  });
}

/** Requests a fake upstream received, optionally only those for models containing `marker`. */
export async function upstreamRequests(fakeUrl: string, marker?: string): Promise<{ body: { model?: string } }[]> {
  const requests = (await (await fetch(`${fakeUrl}/__requests`)).json()) as { body: { model?: string } | undefined }[];
  return requests
    .map((request) => ({ body: request.body ?? {} }))
    .filter((request) => marker === undefined || (typeof request.body.model === "string" && request.body.model.includes(marker)));
}
