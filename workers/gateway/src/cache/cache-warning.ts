import type { Context } from "hono";

/** Logs a cache failure the client never sees: the cache may fail, the request must not. */
export function cacheWarning(c: Context, warning: string, error: unknown): void {
  console.warn(JSON.stringify({ requestId: c.get("requestId"), warning, error: error instanceof Error ? error.message : String(error) }));
}
