/** Time, injected so retries, timeouts and breakers are testable without sleeping. */
export interface Clock {
  now(): number;
  /** Calls `fire` after `ms` unless the returned function cancels it first. */
  timer(ms: number, fire: () => void): () => void;
  /** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** `sleep` on top of a clock's `timer`, the same for every clock. */
export function sleepOn(timer: Clock["timer"], ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      cancel();
      reject(signal?.reason);
    };
    const cancel = timer(ms, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export const systemClock: Clock = {
  now: () => Date.now(),
  timer(ms, fire) {
    const id = setTimeout(fire, ms);
    return () => clearTimeout(id);
  },
  sleep: (ms, signal) => sleepOn(systemClock.timer, ms, signal),
};
