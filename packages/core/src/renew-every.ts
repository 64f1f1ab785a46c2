import type { Clock } from "./clock.ts";

export interface RenewEveryOptions {
  clock: Clock;
  everyMs: number;
  /** Extends whatever is held; false (or a failure) when it is no longer held, which ends the renewing. */
  renew: () => Promise<boolean>;
}

/**
 * Keeps something held for as long as it is in use: calls `renew` every
 * `everyMs`, one call at a time, until `stop` (or until a renew says the
 * hold is gone). For leases that must outlive work of unknown length.
 */
export function renewEvery(options: RenewEveryOptions): { stop(): void } {
  let cancel: (() => void) | undefined;
  let stopped = false;
  const schedule = () => {
    cancel = options.clock.timer(options.everyMs, () => {
      cancel = undefined;
      options.renew().then((held) => {
        if (held && !stopped) schedule();
      }, () => undefined);
    });
  };
  schedule();
  return {
    stop() {
      stopped = true;
      cancel?.();
    },
  };
}
