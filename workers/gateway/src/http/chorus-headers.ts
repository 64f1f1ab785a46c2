import type { FallbackRecord, RoutePlan, RouteResult } from "@chorus/core";

/**
 * The candidates before the one that served, in the plan's order: those
 * selection skipped (circuit open, key cooling down, budget spent) and those
 * that failed. Candidates are tried in order, so the i-th failure is the
 * i-th candidate kept; a skip stood before the candidate at its `position`.
 */
function passedOver(plan: RoutePlan, result: RouteResult<unknown>): FallbackRecord[] {
  const failed = result.fallbacks;
  const servedAt = plan.candidates.indexOf(result.candidate);
  const skipped = (plan.skipped ?? []).filter((skip) => skip.position <= (servedAt === -1 ? failed.length : servedAt));
  const records: FallbackRecord[] = [];
  let next = 0;
  for (const [index, failure] of failed.entries()) {
    while (next < skipped.length && skipped[next]!.position <= index) records.push(skipped[next++]!);
    records.push(failure);
  }
  return [...records, ...skipped.slice(next)];
}

/** The `x-chorus-*` headers every AI response carries (CONTRACT.md). */
export function chorusHeaders(plan: RoutePlan, result: RouteResult<unknown>, cache: string): Record<string, string> {
  const headers: Record<string, string> = {
    "x-chorus-provider": result.candidate.provider,
    "x-chorus-model": result.candidate.model,
    "x-chorus-profile": plan.profile,
    "x-chorus-attempts": String(result.attempts.length),
    "x-chorus-cache": cache,
    "x-chorus-route": plan.reason,
  };
  const fallbacks = passedOver(plan, result);
  if (fallbacks.length > 0) headers["x-chorus-fallback"] = fallbacks.map((record) => `${record.provider}:${record.reason}`).join(",");
  return headers;
}
