import { systemClock, WindowBatch } from "@chorus/core";
import { createDb, recordAnswerChecks, type AnswerCheckRow } from "@chorus/db";
import type { RequestScope } from "./request-scope.ts";

/** How long a request's row waits for others before they go to D1 in one statement (as usage rows do), and how many at most. */
export const ANSWER_CHECKS_WINDOW_MS = 50;
export const ANSWER_CHECKS_MAX_ROWS = 50;

const batches = new WeakMap<D1Database, WindowBatch<AnswerCheckRow>>();

function batchFor(d1: D1Database): WindowBatch<AnswerCheckRow> {
  let batch = batches.get(d1);
  if (!batch) {
    batch = new WindowBatch({
      windowMs: ANSWER_CHECKS_WINDOW_MS, maxItems: ANSWER_CHECKS_MAX_ROWS, clock: systemClock,
      send: (rows) => recordAnswerChecks(createDb(d1), rows),
    });
    batches.set(d1, batch);
  }
  return batch;
}

const recorded = new WeakSet<object>();

/**
 * Records how the request's answer came through guardrails and structured
 * output, once per request whichever stages ask: a row of the caller's in
 * D1 `answer_checks` (docs/storage.md) after the response, with who served,
 * the verdicts and the error code, if any. Rows of a window go to D1
 * together; the request that opens a window keeps its send alive.
 */
export function recordVerdicts(scope: RequestScope): void {
  if (recorded.has(scope.ended)) return;
  recorded.add(scope.ended);
  scope.ended.subscribe((ended) => {
    const code = ended.error && typeof ended.error === "object" && "code" in ended.error ? String(ended.error.code) : null;
    const { guardrails = null, violation = null, structured = null } = ended.verdicts ?? {};
    const send = batchFor(scope.env.DB).add({
      requestId: scope.requestId, userId: scope.principal.userId, feature: scope.hints.feature?.trim() || null,
      provider: ended.servedBy?.provider ?? null, model: ended.servedBy?.model ?? null, status: ended.status,
      guardrails, violation, structured, error: code, createdAt: new Date(scope.clock.now()),
    });
    if (send) scope.later("answer check record", send);
  });
}
