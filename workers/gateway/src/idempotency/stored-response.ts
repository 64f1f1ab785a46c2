import type { StoredResponse } from "../durable/idempotency.ts";

/** Marks an answer replayed from the idempotency store: no upstream call was made for it. */
export const REPLAY_HEADER = "x-chorus-idempotent-replay";

/**
 * Answers worth keeping for a replay: successes, and the request's own faults
 * (as route-failure.ts's caller statuses), which a retry would only repeat.
 * 408, 409, 429 and 5xx are not kept: a retry may well succeed.
 */
const KEPT_ERRORS: ReadonlySet<number> = new Set([400, 404, 413, 422]);

export function isReplayable(status: number): boolean {
  return (status >= 200 && status < 300) || KEPT_ERRORS.has(status);
}

export function replayResponse(stored: StoredResponse): Response {
  const headers = new Headers(stored.headers);
  headers.set(REPLAY_HEADER, "true");
  if (headers.get("content-type")?.startsWith("text/event-stream")) headers.set("cache-control", "no-cache");
  return new Response(stored.body, { status: stored.status, headers });
}
