import type { Context } from "hono";
import type { UserState } from "../durable/user-quota-types.ts";

/** How a route's answer ended, as the guard settles the request's reservation. */
export interface AnswerReport {
  /** False when the answer failed after its response had started (a stream cut on the provider's side). */
  served: boolean;
  /** Tokens in + out as the provider reported them; they count toward the plan's tokens per day when the platform's key served. */
  tokens?: number;
}

declare module "hono" {
  interface ContextVariableMap {
    /** Set by `guard()` on every endpoint that calls a model: the caller's settings and own-key providers, as their UserQuota object holds them. */
    userState: UserState;
    /** Set by `guard()` once the request is admitted; routes tell it how their answer ended with `reportAnswer`. */
    admission: Admission;
  }
}

/** One admitted request: its reservation in the user's UserQuota object, and what the route reported. */
export class Admission {
  readonly reservation: string;
  /** The user's own key serves it: no platform limits applied. */
  readonly ownKeyServes: boolean;
  #report: AnswerReport | undefined;

  constructor(init: { reservation: string; ownKeyServes: boolean }) {
    this.reservation = init.reservation;
    this.ownKeyServes = init.ownKeyServes;
  }

  /** The first report wins: an answer ends once. */
  report(report: AnswerReport): void {
    this.#report ??= report;
  }

  get reported(): AnswerReport | undefined {
    return this.#report;
  }
}

/**
 * A route's word on its answer, for the quota: call it when the answer is
 * complete (a JSON answer before returning it; a stream when it ends, with
 * `served: false` if it failed after its start). Without a report a 2xx
 * answer counts as served with 0 tokens, which is right for cache hits and
 * idempotent replays. Nothing happens where no guard ran.
 */
export function reportAnswer(c: Context, report: AnswerReport): void {
  c.get("admission")?.report(report);
}

type StreamEnd = { usage?: { total_tokens: number } | null; error?: unknown };

/** `onEnd` for `sseResponse` that also reports the stream's end: served unless it failed after its start. */
export function reportingStreamEnd<E extends StreamEnd>(c: Context, onEnd: (end: E) => void): (end: E) => void {
  return (end) => {
    onEnd(end);
    reportAnswer(c, { served: end.error === undefined, tokens: end.usage?.total_tokens });
  };
}
