import type { RequestScope } from "./request-scope.ts";

const recorded = new WeakSet<object>();

/**
 * Records how the request's answer came through guardrails and structured
 * output, once per request whichever stages ask: one log line with the
 * request id, the feature, who served and the verdicts (or the error code).
 */
export function recordVerdicts(scope: RequestScope): void {
  if (recorded.has(scope.ended)) return;
  recorded.add(scope.ended);
  scope.ended.subscribe((ended) => {
    const code = ended.error && typeof ended.error === "object" && "code" in ended.error ? String(ended.error.code) : undefined;
    console.log(JSON.stringify({
      event: "answer_checks", requestId: scope.requestId, feature: scope.hints.feature, status: ended.status,
      provider: ended.servedBy?.provider, model: ended.servedBy?.model, ...ended.verdicts, ...(code && { error: code }),
    }));
  });
}
