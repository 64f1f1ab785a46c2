import type { AttemptRecord, Candidate, FallbackRecord } from "./route-types.ts";

/** One answer a check turned down. */
export interface Rejection {
  candidate: Candidate;
  /** For `x-chorus-fallback`: `provider:reason`. */
  reason: string;
  /** What the check said, for the stage that set it. */
  detail?: unknown;
}

/**
 * Routing got answers, but none passed the request's checks (`check` in
 * `RouteRequestOptions`): the stage that set the check decides what the
 * client gets (a fallback answer, a 422).
 */
export class AnswerRejected extends Error {
  override readonly name = "AnswerRejected";
  readonly attempts: AttemptRecord[];
  readonly fallbacks: FallbackRecord[];
  readonly rejections: Rejection[];

  constructor(init: { attempts: AttemptRecord[]; fallbacks: FallbackRecord[]; rejections: Rejection[] }) {
    super(`no answer passed the checks: ${init.rejections.map((rejection) => `${rejection.candidate.provider}:${rejection.reason}`).join(", ")}`);
    this.attempts = init.attempts;
    this.fallbacks = init.fallbacks;
    this.rejections = init.rejections;
  }

  /** The last rejection: the check that turned down the last answer names the error. */
  get last(): Rejection {
    return this.rejections.at(-1)!;
  }
}
