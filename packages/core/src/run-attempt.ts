import type { Clock } from "./clock.ts";
import { UpstreamError } from "./upstream-error.ts";
import type { AttemptFn, Candidate } from "./route-types.ts";
import { watchdog } from "./watchdog.ts";

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
 * of kind `timeout`, which is also what this throws. A failed attempt's
 * controller is aborted so nothing it started lingers; a served one stays
 * linked to the client, so a stream it opened still stops when the client goes.
 */
export async function runAttempt<T>(options: RunAttemptOptions<T>): Promise<T> {
  const { candidate, signal } = options;
  const controller = new AbortController();
  const guard = watchdog({
    clock: options.clock,
    ms: options.limitMs,
    signals: [signal],
    onExpire: () => new UpstreamError({ provider: candidate.provider, kind: "timeout", message: options.timeoutMessage }),
  });
  try {
    const value = await Promise.race([options.attempt(candidate, controller.signal), guard.promise]);
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
    return value;
  } catch (error) {
    controller.abort(error);
    throw error;
  } finally {
    guard.dispose();
  }
}
