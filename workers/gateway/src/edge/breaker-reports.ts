import { countsAsFailure, provesRecovery, systemClock, WindowBatch, type BreakerOutcome } from "@chorus/core";
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

/** Whether an outcome may change the circuit: a failure that counts here, a recovery, or a probe's. */
function isUrgent(outcome: BreakerOutcome, settings: RecordSettings): boolean {
  return outcome.permit !== undefined || countsAsFailure(outcome, settings.scope) || provesRecovery(outcome, settings.scope);
}

/**
 * Reports one request's attempts at a provider to the Breaker `name`, in
 * order, after the response. The isolate's memo applies them at once, so its
 * next requests need not wait for the object's answer. What can change the
 * circuit goes at once, together with the rest of the request's outcomes and
 * any routine reports waiting before them, in order, in one call; routine
 * reports from this isolate's requests go together once per window: one
 * Durable Object call instead of one per request. Returns the sends to keep
 * alive (`waitUntil`) that these reports started.
 */
export function reportOutcomes(namespace: Namespace, name: string, outcomes: readonly BreakerOutcome[], settings: RecordSettings): Promise<void>[] {
  const now = Date.now();
  for (const outcome of outcomes) breakerMemo.learn(name, outcome, settings, now);
  const batch = batchFor(namespace, name, settings);
  const urgent = outcomes.some((outcome) => isUrgent(outcome, settings));
  const sends: Promise<void>[] = [];
  outcomes.forEach((outcome, index) => {
    const send = batch.add(outcome, urgent && index === outcomes.length - 1);
    if (send) sends.push(send);
  });
  return sends;
}
