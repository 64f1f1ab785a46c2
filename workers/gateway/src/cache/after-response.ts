import type { Context } from "hono";
import { cacheWarning } from "./cache-warning.ts";

/**
 * Runs `work` after the response is sent (`waitUntil`), never delaying it.
 * Its failure is logged, not thrown: the answer has already gone out.
 */
export function afterResponse(c: Context, label: string, work: Promise<unknown>): void {
  c.executionCtx.waitUntil(work.catch((error: unknown) => cacheWarning(c, label, error)));
}
