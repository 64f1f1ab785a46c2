import type { Context } from "hono";
import type { UserState } from "../durable/user-quota-types.ts";
import type { AnswerEnd } from "./quota-leases.ts";

/** How a route's answer ended, as the guard settles the request's admission. */
export type AnswerReport = AnswerEnd;

declare module "hono" {
  interface ContextVariableMap {
    /** Set by `guard()` on every endpoint that calls a model: the caller's settings and own-key providers (`QuotaLeases.userState`). */
    userState: UserState;
    /** Set by `guard()` once the request is admitted; routes tell it how their answer ended with `reportAnswer`. */
    admission: Admission;
  }
}

/** One admitted request, and what its route reported of its answer. */
export class Admission {
  #report: AnswerReport | undefined;

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
