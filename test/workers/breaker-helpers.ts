import { env, listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import type { Breaker } from "../../workers/gateway/src/durable/breaker.ts";
import { breakerMemo } from "../../workers/gateway/src/edge/breaker-memo.ts";
import type { GatewayEnv } from "../../workers/gateway/src/env.ts";
import { settle } from "./gateway-client.ts";

/** The test bindings (vitest.config.ts): the Worker's, plus where the fake upstreams listen. */
export const bindings = env as unknown as GatewayEnv & { FAKE_OPENAI_URL: string; FAKE_ANTHROPIC_URL: string; FAKE_GOOGLE_URL: string };

/** Every table the Breaker keeps (docs/storage.md). */
const BREAKER_TABLES = ["circuit", "outcomes", "daily_tokens"] as const;

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
      for (const table of BREAKER_TABLES) state.storage.sql.exec(`DELETE FROM ${table}`);
    });
  }
  breakerMemo.clear();
}

/** The Breaker object of a name (`provider:openai`, `key:openai:<fingerprint>`). */
export function breaker(name: string): DurableObjectStub<Breaker> {
  return bindings.BREAKER.getByName(name);
}

/** Requests a fake upstream received, optionally only those for models containing `marker`. */
export async function upstreamRequests(fakeUrl: string, marker?: string): Promise<{ body: { model?: string } }[]> {
  const requests = (await (await fetch(`${fakeUrl}/__requests`)).json()) as { body: { model?: string } | undefined }[];
  return requests
    .map((request) => ({ body: request.body ?? {} }))
    .filter((request) => marker === undefined || (typeof request.body.model === "string" && request.body.model.includes(marker)));
}
