import type { Clock } from "./clock.ts";

export interface WatchdogOptions {
  clock: Clock;
  /** Time allowed; `Infinity` for no limit. */
  ms: number;
  /** Any of these aborting ends the wait with that signal's reason. */
  signals: readonly AbortSignal[];
  /** The error to reject with when the time is up. */
  onExpire: () => unknown;
}

export interface Watchdog {
  /** Rejects on expiry or abort; never resolves, so it only ever loses a race by being slower. */
  promise: Promise<never>;
  /** Cancels the timer and removes the listeners; the promise then stays pending for good. */
  dispose(): void;
}

/** The reason a disposed watchdog's timer is aborted with: nobody reads it, and a shared value spares a DOMException per request. */
const DISPOSED = Symbol("watchdog disposed");

/** A timer and abort listeners to race against one awaited operation, cleaned up by `dispose`. */
export function watchdog(options: WatchdogOptions): Watchdog {
  const timer = new AbortController();
  const unlinks: (() => void)[] = [];
  const promise = new Promise<never>((_, reject) => {
    for (const signal of options.signals) {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      unlinks.push(() => signal.removeEventListener("abort", onAbort));
    }
    if (Number.isFinite(options.ms)) {
      // The sleep rejects only when disposed; that rejection means "no longer needed".
      options.clock.sleep(Math.max(0, options.ms), timer.signal).then(() => reject(options.onExpire()), () => undefined);
    }
  });
  return {
    promise,
    dispose() {
      timer.abort(DISPOSED);
      for (const unlink of unlinks) unlink();
    },
  };
}
