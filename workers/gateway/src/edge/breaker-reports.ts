import { countsAsFailure, systemClock, WindowBatch, type BreakerOutcome } from "@chorus/core";
import type { Breaker, RecordSettings } from "../durable/breaker.ts";
import { breakerMemo } from "./breaker-memo.ts";

/** How long a routine report (a success) waits for others to the same Breaker, and how many go in one call at most. */
export const BREAKER_BATCH_WINDOW_MS = 50;
export const BREAKER_BATCH_MAX = 64;

type Namespace = DurableObjectNamespace<Breaker>;

const batches = new WeakMap<Namespace, Map<string, WindowBatch<BreakerOutcome>>>();

function batchFor(namespace: Namespace, name: string, settings: RecordSettings): WindowBatch<BreakerOutcome> {
  let byName = batches.get(namespace);
  if (!byName) batches.set(namespace, (byName = new Map()));
  // Per policy too: a test may run the same namespace under other CIRCUIT_BREAKER_* settings.
  const key = `${name} ${settings.policy.threshold} ${settings.policy.windowMs} ${settings.policy.resetMs}`;
  let batch = byName.get(key);
  if (!batch) {
    batch = new WindowBatch({
      windowMs: BREAKER_BATCH_WINDOW_MS, maxItems: BREAKER_BATCH_MAX, clock: systemClock,
      // The stub is got per send: a stub belongs to the request that made it, and each send runs in another's `waitUntil`.
      send: async (outcomes) => breakerMemo.fromSnapshot(name, await namespace.getByName(name).recordMany(outcomes, settings), Date.now()),
    });
    byName.set(key, batch);
  }
  return batch;
}

/**
 * Reports an attempt's outcome to the Breaker `name`, after the response.
 * What can change the circuit goes at once (a failure that counts in this
 * scope, or a report carrying a probe permit), with any routine reports
 * waiting before it, in order; routine reports from this isolate's requests
 * go together once per window: one Durable Object call instead of one per
 * request. Returns the send to keep alive (`waitUntil`) when this report
 * started one.
 */
export function reportOutcome(namespace: Namespace, name: string, outcome: BreakerOutcome, settings: RecordSettings): Promise<void> | undefined {
  const urgent = outcome.permit !== undefined || countsAsFailure(outcome, settings.scope);
  return batchFor(namespace, name, settings).add(outcome, urgent);
}
