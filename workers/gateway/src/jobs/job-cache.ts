import { sha256Hex, type PipelineCache } from "@chorus/core";
import type { GatewayEnv } from "../env.ts";

/** Which worker's answer, for whom, under which key (e.g. the city whose locations were validated). */
export interface CacheSlot {
  userId: string;
  pipeline: string;
  worker: string;
  /** The worker's `cache.key` with its placeholders filled. */
  key: string;
}

/**
 * Storage: KV, not D1. A cached validation is read by every later job of
 * the same key and written once a week at most; a job that misses a write
 * made seconds before (KV is eventually consistent) only pays one more
 * call, which is the trade KV is for (as the response cache). Scope: the
 * owner. The answer came from a prompt built from their input, through
 * their routes and perhaps their own keys, so it is theirs, as a job is.
 * The parts are hashed into one short key whatever characters they hold.
 */
async function kvKey(slot: CacheSlot): Promise<string> {
  const text = JSON.stringify([slot.userId, slot.pipeline, slot.worker, slot.key.trim().toLowerCase()]);
  return `job-cache:v1:${await sha256Hex(text)}`;
}

/** The answer kept for `slot`, or undefined. */
export async function cachedOutput(env: GatewayEnv, slot: CacheSlot): Promise<unknown> {
  const kept = await env.CACHE.get(await kvKey(slot), "json");
  return kept === null ? undefined : (kept as { output: unknown }).output;
}

/** Keeps `output` for `slot`; a failed write costs a later job one call, so it is only logged. */
export async function keepOutput(env: GatewayEnv, slot: CacheSlot, cache: PipelineCache, output: unknown): Promise<void> {
  try {
    await env.CACHE.put(await kvKey(slot), JSON.stringify({ output }), { expirationTtl: cache.ttlSeconds });
  } catch (error) {
    console.warn(JSON.stringify({ warning: "job cache write failed", worker: slot.worker, error: error instanceof Error ? error.message : String(error) }));
  }
}
