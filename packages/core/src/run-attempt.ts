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
 * throws, at once, even for an attempt that ignores its signal. A client that
 * leaves aborts the attempt's signal; the attempt stops on it and this throws
 * the client's reason. A failed attempt's controller is aborted so nothing it
 * started lingers; a served one stays linked to the client, so a stream it
 * opened still stops when the client goes.
 */
export async function runAttempt<T>(options: RunAttemptOptions<T>): Promise<T> {
  const { candidate, signal } = options;
  if (signal.aborted) throw signal.reason;
  const controller = new AbortController();
  const attemptSignal = AbortSignal.any([signal, controller.signal]);
  let giveUp!: (reason: unknown) => void;
  const gaveUp = new Promise<never>((_, reject) => (giveUp = reject));
  const cancelTimer = Number.isFinite(options.limitMs)
    ? options.clock.timer(Math.max(0, options.limitMs), () => {
        const expired = new UpstreamError({ provider: candidate.provider, kind: "timeout", message: options.timeoutMessage });
        // The race settles first: the attempt's own abort error must not win.
        giveUp(expired);
        controller.abort(expired);
      })
    : undefined;
  try {
    return await Promise.race([options.attempt(candidate, attemptSignal), gaveUp]);
  } catch (error) {
    controller.abort(error);
    throw signal.aborted ? signal.reason : error;
  } finally {
    cancelTimer?.();
  }
}
