import type { Clock } from "./clock.ts";

export interface WindowBatchOptions<T> {
  /** How long the first item of a batch waits for company before the batch is sent. */
  windowMs: number;
  /** A batch this big is sent at once. */
  maxItems: number;
  /** Sends one batch, items in the order they were added. */
  send: (items: T[]) => Promise<void>;
  clock: Clock;
}

/**
 * Collects items that would each cost a write (a D1 row, a Durable Object
 * call) and sends them together: after `windowMs` from the first item, when
 * `maxItems` are waiting, or at once for an urgent item, which takes what
 * waits before it along in order. `add` returns the promise of the send it
 * started, for the caller to keep alive (`waitUntil`); items joining a
 * batch another caller started get `undefined`, since that send covers them.
 */
export class WindowBatch<T> {
  readonly #options: WindowBatchOptions<T>;
  #items: T[] = [];
  #timerSet = false;

  constructor(options: WindowBatchOptions<T>) {
    if (!(options.windowMs >= 0) || !(options.maxItems >= 1)) throw new Error("WindowBatch: windowMs must be >= 0 and maxItems >= 1");
    this.#options = options;
  }

  get pending(): number {
    return this.#items.length;
  }

  add(item: T, urgent = false): Promise<void> | undefined {
    this.#items.push(item);
    if (urgent || this.#items.length >= this.#options.maxItems) return this.flush();
    if (this.#timerSet) return undefined;
    this.#timerSet = true;
    return this.#options.clock.sleep(this.#options.windowMs).then(() => this.flush());
  }

  /** Sends what waits now; resolves at once when nothing does. */
  flush(): Promise<void> {
    this.#timerSet = false;
    const items = this.#items;
    if (items.length === 0) return Promise.resolve();
    this.#items = [];
    return this.#options.send(items);
  }
}
