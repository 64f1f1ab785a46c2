import { sleepOn, type Clock } from "./clock.ts";

interface Sleeper {
  at: number;
  order: number;
  wake: () => void;
}

type Immediate = (callback: () => void) => unknown;

/** Lets every queued promise reaction run (one macrotask turn). */
function flush(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: Immediate }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * A virtual clock for tests: time moves only when told, and sleeps wake in
 * time order as it passes, so timeouts and backoff run without waiting.
 */
export class ManualClock implements Clock {
  #now: number;
  #order = 0;
  readonly #sleepers = new Set<Sleeper>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  timer(ms: number, fire: () => void): () => void {
    const sleeper: Sleeper = { at: this.#now + Math.max(0, ms), order: this.#order++, wake: fire };
    this.#sleepers.add(sleeper);
    return () => this.#sleepers.delete(sleeper);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn((after, fire) => this.timer(after, fire), ms, signal);
  }

  /** Timers and sleeps not yet woken nor cancelled: 0 after a finished operation means nothing leaked. */
  get pendingSleeps(): number {
    return this.#sleepers.size;
  }

  /** Moves time forward by `ms`, waking each sleep due on the way at its own time. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (let next = await this.#settledNext(); next && next.at <= target; next = await this.#settledNext()) this.#wake(next);
    this.#now = Math.max(this.#now, target);
    await flush();
  }

  /** Advances from sleep to sleep until `promise` settles, then returns its outcome. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(() => (settled = true), () => (settled = true));
    for (;;) {
      const next = await this.#settledNext();
      if (settled) return promise;
      if (!next) throw new Error("ManualClock.run: the promise is pending and nothing is asleep");
      this.#wake(next);
    }
  }

  async #settledNext(): Promise<Sleeper | undefined> {
    await flush();
    let earliest: Sleeper | undefined;
    for (const sleeper of this.#sleepers) {
      if (!earliest || sleeper.at < earliest.at || (sleeper.at === earliest.at && sleeper.order < earliest.order)) earliest = sleeper;
    }
    return earliest;
  }

  #wake(sleeper: Sleeper): void {
    this.#sleepers.delete(sleeper);
    this.#now = Math.max(this.#now, sleeper.at);
    sleeper.wake();
  }
}
