import { renewEvery, type Clock } from "@chorus/core";
import type { NewLine, SessionOwner, SessionSettings, StoredLine } from "../durable/session-thread-types.ts";
import { sessionBusy, turnLost } from "./session-errors.ts";
import type { sessionThreadOf } from "./session-thread-of.ts";

type ThreadObject = ReturnType<typeof sessionThreadOf>;

/** The turn lock's lease: renewed every half lease while the request runs, so only a request that is gone loses it. */
export const TURN_LEASE_MS = 60_000;
/** How long a post waits for the turns of another post to the same session. */
export const TURN_WAIT_MS = 30_000;

/**
 * A request's hold on its session's turn lock (`SessionThread`): the
 * session's settings, the thread as it stands, and the lines this post adds
 * (the user's message, then each answer). Lines are stored in order: `save`
 * sends those not yet sent, `release` sends the rest and frees the lock, in
 * one call each; a post of one turn makes two calls to the object in all.
 */
export class TurnHold {
  readonly #thread: ThreadObject;
  readonly #leaseId: string;
  readonly #lines: StoredLine[];
  readonly #clock: Clock;
  readonly #renewing: { stop(): void };
  #unsent: StoredLine[] = [];
  /** The stores sent so far, in order; false once one was refused (the lease was lost). */
  #stored: Promise<boolean> = Promise.resolve(true);
  #released: Promise<void> | undefined;
  readonly settings: SessionSettings;

  private constructor(thread: ThreadObject, begun: Extract<Awaited<ReturnType<ThreadObject["begin"]>>, { kind: "held" }>, clock: Clock) {
    this.#thread = thread;
    this.#leaseId = begun.leaseId;
    this.#lines = begun.thread;
    this.#clock = clock;
    this.settings = begun.settings;
    const leaseId = begun.leaseId;
    this.#renewing = renewEvery({ clock, everyMs: TURN_LEASE_MS / 2, renew: () => thread.renew(leaseId, TURN_LEASE_MS) });
  }

  /**
   * Waits for the session's turn. An object that does not know its session
   * gets the settings `stored` has (a session from before the object kept
   * them); none there either: `undefined`, the session does not exist.
   * 409 `session_busy` when another post holds the turn too long.
   */
  static async take(thread: ThreadObject, owner: SessionOwner, stored: () => Promise<SessionSettings | undefined>, clock: Clock): Promise<TurnHold | undefined> {
    let begun = await thread.begin({ leaseMs: TURN_LEASE_MS, waitMs: TURN_WAIT_MS });
    if (begun.kind === "unknown") {
      const settings = await stored();
      if (!settings) return undefined;
      await thread.configure(owner, settings);
      begun = await thread.begin({ leaseMs: TURN_LEASE_MS, waitMs: TURN_WAIT_MS });
    }
    if (begun.kind === "busy") throw sessionBusy(begun.retryAfterMs);
    if (begun.kind === "unknown") return undefined;
    return new TurnHold(thread, begun, clock);
  }

  /** The thread so far, this post's lines included, in order: what the next speaker sees. */
  get lines(): readonly StoredLine[] {
    return this.#lines;
  }

  /** Adds a line after the thread so far; it is stored by the next `save` or `release`. */
  add(line: NewLine): StoredLine {
    const stored: StoredLine = { ...line, createdAt: new Date(this.#clock.now()).toISOString() };
    this.#lines.push(stored);
    this.#unsent.push(stored);
    return stored;
  }

  /** Sends the lines added since the last send (not awaited: a later `release` waits for it). */
  save(): void {
    const lines = this.#takeUnsent();
    if (lines.length === 0) return;
    this.#stored = this.#stored.then((ok) => ok && this.#thread.append(this.#leaseId, lines, TURN_LEASE_MS));
  }

  /**
   * Stores the lines not yet sent and frees the session for the next post;
   * once. Rejects with 409 when the lease was lost and lines were dropped.
   */
  release(): Promise<void> {
    this.#released ??= this.#finish();
    return this.#released;
  }

  async #finish(): Promise<void> {
    this.#renewing.stop();
    const lines = this.#takeUnsent();
    const saved = await this.#stored.catch(() => false);
    const finished = await this.#thread.finish(this.#leaseId, saved ? lines : []);
    if (!saved || (!finished && lines.length > 0)) throw turnLost();
  }

  #takeUnsent(): StoredLine[] {
    return this.#unsent.splice(0);
  }
}
