import type { Clock } from "./clock.ts";
import { UpstreamError } from "./upstream-error.ts";
import type { AttemptFn, Candidate } from "./route-types.ts";

export interface RunAttemptOptions<T> {
  candidate: Candidate;
  attempt: AttemptFn<T>;
  clock: Clock;
  /** The client's signal. */
  signal: AbortSignal;
  /** Time this attempt may take. */
  limitMs: number;
  /** Safe text for the timeout error, naming which limit ran out. */
  timeoutMessage: string;
}

/**
 * One attempt under its own AbortController, its signal following the
 * client's natively (`AbortSignal.any`: a listener on the incoming request's
 * signal costs workerd far more per request). On timeout the controller
 * aborts with an `UpstreamError` of kind `timeout`, which is also what this
 * throws; a client that leaves aborts the attempt's signal and this throws
 * the client's reason. Either way at once, even for an attempt that ignores
 * its signal: when a client disconnects, workerd drops a pending
 * subrequest's promise instead of rejecting it. A failed attempt's
 * controller is aborted so nothing it started lingers; a served one stays
 * linked to the client, so a stream it opened still stops when the client goes.
 */
export async function runAttempt<T>(options: RunAttemptOptions<T>): Promise<T> {
  const { candidate, signal } = options;
  if (signal.aborted) throw signal.reason;
  const controller = new AbortController();
  const attemptSignal = AbortSignal.any([signal, controller.signal]);
  let giveUp!: (reason: unknown) => void;
  const gaveUp = new Promise<never>((_, reject) => (giveUp = reject));
  // Added before the attempt's own listeners, so the race settles first: the attempt's abort error must not win.
  const onAbort = () => giveUp(attemptSignal.reason);
  attemptSignal.addEventListener("abort", onAbort, { once: true });
  const cancelTimer = Number.isFinite(options.limitMs)
    ? options.clock.timer(Math.max(0, options.limitMs), () =>
        controller.abort(new UpstreamError({ provider: candidate.provider, kind: "timeout", message: options.timeoutMessage })))
    : undefined;
  try {
    return await Promise.race([options.attempt(candidate, attemptSignal), gaveUp]);
  } catch (error) {
    // Unhooked first: an attempt that threw before the race began leaves nobody to hear `gaveUp` reject.
    attemptSignal.removeEventListener("abort", onAbort);
    controller.abort(error);
    throw signal.aborted ? signal.reason : error;
  } finally {
    attemptSignal.removeEventListener("abort", onAbort);
    cancelTimer?.();
  }
}
