import type { ChatCompletion, Usage } from "@chorus/core";
import type { AnswerVerdicts, Served } from "./answer.ts";

/**
 * How one AI request ended, published once after the response has gone out
 * (a stream: when it ended). Every after-the-fact concern subscribes to it:
 * breaker health, quota settlement, metering, the cache write, the
 * idempotency record.
 */
export interface AnswerEnded {
  /** The status the client got. */
  status: number;
  /** Who served it; absent when no answer was served (an error before it, an idempotent replay). */
  servedBy?: Served;
  /** The provider's usage, when it reported one. */
  usage?: Usage;
  /** The failure: thrown before the answer, or a stream's after its first byte. */
  error?: unknown;
  /** The client left before the answer was whole. */
  cancelled: boolean;
  /** The answer as one completion, when it was whole and was one (JSON, or a stream read to its end). */
  completion?: ChatCompletion;
  /** The text a stream carried (choices' content and tool calls), for a usage estimate when no usage came. */
  streamedText?: string;
  /** The bytes sent, when a subscriber asked to keep them (`AnswerEvents.keepBody`) and they fit. */
  body?: string;
  /** Whether the provider streamed the answer: then its first chunk's time is the provider's time to first token. */
  streamed: boolean;
  /** How it came through guardrails and structured-output checks, when any applied. */
  verdicts?: AnswerVerdicts;
}

export type AnswerEndedListener = (ended: AnswerEnded) => void;

/**
 * The subscribers of one request's `AnswerEnded`. Stages subscribe as they
 * run; the request path publishes once. A listener that throws is logged by
 * the publisher and does not stop the others.
 */
export class AnswerEvents {
  readonly #listeners: AnswerEndedListener[] = [];
  #keepBytes = 0;
  #published = false;

  subscribe(listener: AnswerEndedListener): void {
    this.#listeners.push(listener);
  }

  /** Asks for the answer's bytes in `AnswerEnded.body`, up to `limitBytes` (past it, none). */
  keepBody(limitBytes: number): void {
    this.#keepBytes = Math.max(this.#keepBytes, limitBytes);
  }

  get keptBytes(): number {
    return this.#keepBytes;
  }

  /** Once: later calls change nothing. Returns the listeners' failures, for the log. */
  publish(ended: AnswerEnded): unknown[] {
    if (this.#published) return [];
    this.#published = true;
    const failures: unknown[] = [];
    for (const listener of this.#listeners) {
      try {
        listener(ended);
      } catch (error) {
        failures.push(error);
      }
    }
    return failures;
  }
}
