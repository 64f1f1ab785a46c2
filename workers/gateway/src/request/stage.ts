import type { Answer } from "./answer.ts";
import type { RequestScope } from "./request-scope.ts";

/** Runs the stages after this one; with a scope, they see that one instead (e.g. a composed prompt as the body). */
export type Next<Body> = (scope?: RequestScope<Body>) => Promise<Answer>;

/**
 * One named step of an AI request over its scope: it may answer itself
 * (a cache hit, a replay, a refusal thrown), subscribe to the request's
 * `AnswerEnded`, or pass on to the next stage and shape what comes back.
 * The last stage of a list answers without calling `next`.
 */
export type Stage<Body = unknown> = (scope: RequestScope<Body>, next: Next<Body>) => Promise<Answer>;

/** Runs `stages` in order over one scope. */
export function runStages<Body>(stages: readonly Stage<Body>[], scope: RequestScope<Body>): Promise<Answer> {
  const at = (index: number, current: RequestScope<Body>): Promise<Answer> => {
    const stage = stages[index];
    if (!stage) throw new Error("runStages: the last stage must answer without calling next()");
    return stage(current, (changed) => at(index + 1, changed ?? current));
  };
  return at(0, scope);
}
