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

/** A timer and abort listeners to race against one awaited operation, cleaned up by `dispose`. */
export function watchdog(options: WatchdogOptions): Watchdog {
  const unlinks: (() => void)[] = [];
  const promise = new Promise<never>((_, reject) => {
    for (const signal of options.signals) {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      unlinks.push(() => signal.removeEventListener("abort", onAbort));
    }
    if (Number.isFinite(options.ms)) unlinks.push(options.clock.timer(Math.max(0, options.ms), () => reject(options.onExpire())));
  });
  return {
    promise,
    dispose() {
      for (const unlink of unlinks) unlink();
    },
  };
}
