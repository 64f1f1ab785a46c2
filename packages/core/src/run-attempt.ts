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
 * One attempt under its own AbortController, linked to the client's signal
 * and to a timer. On timeout the controller aborts with an `UpstreamError`
 * of kind `timeout`, which is also what this throws; once the client is gone
 * it throws the client's abort reason. Either way it stops waiting at once,
 * even for an attempt that ignores its signal. A failed attempt's controller
 * is aborted so nothing it started lingers; a served one stays linked to the
 * client, so a stream it opened still stops when the client goes.
 */
export async function runAttempt<T>(options: RunAttemptOptions<T>): Promise<T> {
  const { candidate, signal } = options;
  if (signal.aborted) throw signal.reason;
  const controller = new AbortController();
  let giveUp!: (reason: unknown) => void;
  const gaveUp = new Promise<never>((_, reject) => (giveUp = reject));
  // The race settles before the attempt hears of the abort: its own error must not win.
  const end = (reason: unknown) => {
    giveUp(reason);
    controller.abort(reason);
  };
  // One listener for the attempt's whole life, the stream it may return included.
  const onClientAbort = () => end(signal.reason);
  signal.addEventListener("abort", onClientAbort, { once: true });
  const cancelTimer = Number.isFinite(options.limitMs)
    ? options.clock.timer(Math.max(0, options.limitMs), () =>
        end(new UpstreamError({ provider: candidate.provider, kind: "timeout", message: options.timeoutMessage })))
    : undefined;
  try {
    return await Promise.race([options.attempt(candidate, controller.signal), gaveUp]);
  } catch (error) {
    signal.removeEventListener("abort", onClientAbort);
    controller.abort(error);
    throw error;
  } finally {
    cancelTimer?.();
  }
}
