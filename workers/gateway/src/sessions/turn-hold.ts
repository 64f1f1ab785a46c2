import { renewEvery, type Clock } from "@chorus/core";
import type { NewLine, StoredLine } from "../durable/session-thread-types.ts";
import type { sessionThreadOf } from "./session-thread-of.ts";
import { sessionBusy, turnLost } from "./session-errors.ts";

type ThreadObject = ReturnType<typeof sessionThreadOf>;

/** The turn lock's lease: renewed every half lease while the request runs, so only a request that is gone loses it. */
export const TURN_LEASE_MS = 60_000;
/** How long a post waits for the turns of another post to the same session. */
export const TURN_WAIT_MS = 30_000;

/**
 * A request's hold on its session's turn lock (`SessionThread`): the thread
 * as it stands, the user's message stored, and the answers stored one by
 * one as they are given. Released once, when the request is done.
 */
export class TurnHold {
  readonly #thread: ThreadObject;
  readonly #leaseId: string;
  readonly #lines: StoredLine[];
  readonly #renewing: { stop(): void };
  #released = false;
  /** The user's message, as `take` stored it. */
  readonly asked: StoredLine;

  private constructor(thread: ThreadObject, leaseId: string, lines: StoredLine[], clock: Clock) {
    this.#thread = thread;
    this.#leaseId = leaseId;
    this.#lines = lines;
    this.asked = lines.at(-1)!;
    this.#renewing = renewEvery({ clock, everyMs: TURN_LEASE_MS / 2, renew: () => thread.renew(leaseId, TURN_LEASE_MS) });
  }

  /** Waits for the session's turn and stores the user's `message`; 409 `session_busy` when another post holds it too long. */
  static async take(thread: ThreadObject, message: NewLine, clock: Clock): Promise<TurnHold> {
    const begun = await thread.begin({ message, leaseMs: TURN_LEASE_MS, waitMs: TURN_WAIT_MS });
    if (begun.kind === "busy") throw sessionBusy(begun.retryAfterMs);
    return new TurnHold(thread, begun.leaseId, begun.thread, clock);
  }

  /** The thread so far, in order: what the next speaker sees. */
  get lines(): readonly StoredLine[] {
    return this.#lines;
  }

  /** Stores an answer after the thread so far. */
  async store(line: NewLine): Promise<StoredLine> {
    const stored = await this.#thread.append(this.#leaseId, line, TURN_LEASE_MS);
    if (!stored) throw turnLost();
    this.#lines.push(stored);
    return stored;
  }

  /** Frees the session for the next post; once. */
  release(): Promise<void> {
    if (this.#released) return Promise.resolve();
    this.#released = true;
    this.#renewing.stop();
    return this.#thread.end(this.#leaseId);
  }
}
