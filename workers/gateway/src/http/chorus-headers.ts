import type { RoutePlan, RouteResult } from "@chorus/core";

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
  if (result.fallbacks.length > 0) {
    headers["x-chorus-fallback"] = result.fallbacks.map((fallback) => `${fallback.provider}:${fallback.reason}`).join(",");
  }
  return headers;
}
