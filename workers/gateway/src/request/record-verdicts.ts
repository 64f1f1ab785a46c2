import { createDb, recordAnswerCheck } from "@chorus/db";
import type { RequestScope } from "./request-scope.ts";

const recorded = new WeakSet<object>();

/**
 * Records how the request's answer came through guardrails and structured
 * output, once per request whichever stages ask: a row of the caller's in
 * D1 `answer_checks` (docs/storage.md) after the response, with who served,
 * the verdicts and the error code, if any.
 */
export function recordVerdicts(scope: RequestScope): void {
  if (recorded.has(scope.ended)) return;
  recorded.add(scope.ended);
  scope.ended.subscribe((ended) => {
    const code = ended.error && typeof ended.error === "object" && "code" in ended.error ? String(ended.error.code) : null;
    const { guardrails = null, violation = null, structured = null } = ended.verdicts ?? {};
    scope.later("answer check record", recordAnswerCheck(createDb(scope.env.DB), {
      requestId: scope.requestId, userId: scope.principal.userId, feature: scope.hints.feature?.trim() || null,
      provider: ended.servedBy?.provider ?? null, model: ended.servedBy?.model ?? null, status: ended.status,
      guardrails, violation, structured, error: code, createdAt: new Date(scope.clock.now()),
    }));
  });
}
