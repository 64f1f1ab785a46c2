/** Logs a failure the client never sees, under the request's id. */
export function warnLater(requestId: string | undefined, label: string, error: unknown): void {
  console.warn(JSON.stringify({ requestId, warning: label, error: error instanceof Error ? error.message : String(error) }));
}

/**
 * Runs `work` after the response is sent (`waitUntil`), never delaying it.
 * Its failure is logged, not thrown: the answer has already gone out.
 */
export function afterResponse(ctx: Pick<ExecutionContext, "waitUntil">, requestId: string | undefined, label: string, work: Promise<unknown>): void {
  ctx.waitUntil(work.catch((error: unknown) => warnLater(requestId, label, error)));
}
