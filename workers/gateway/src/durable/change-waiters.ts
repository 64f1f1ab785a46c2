/**
 * Requests waiting in a Durable Object for its state to change (a key's
 * request finishing, a session's turn ending): each waits until `wake` or
 * at most `ms`, then reads the state again.
 */
export class ChangeWaiters {
  readonly #waiting = new Set<() => void>();

  /** Resolves at the next `wake`, or after `ms`. */
  next(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiting.add(done);
    });
  }

  wake(): void {
    for (const waiter of [...this.#waiting]) waiter();
  }
}
