import type { AnswerCheck, Candidate, ChatCompletion, ChatRequest, CheckVerdict } from "@chorus/core";

/** What a check may use besides the answer: who gave it, and a way to ask that candidate again (a repair). */
export interface CheckContext {
  candidate: Candidate;
  signal: AbortSignal;
  ask(body: ChatRequest): Promise<ChatCompletion>;
}

/** A check on a whole chat answer, set by a stage (`scope.checks`) and run by the route stage inside the routing loop. */
export type ChatAnswerCheck = (completion: ChatCompletion, context: CheckContext) => Promise<CheckVerdict<ChatCompletion>>;

/** The checks in order, each on what the one before accepted, as the router's one `check`; undefined when there are none. */
export function chainChecks(
  checks: readonly ChatAnswerCheck[] | undefined,
  ask: (candidate: Candidate, body: ChatRequest, signal: AbortSignal) => Promise<ChatCompletion>,
): AnswerCheck<ChatCompletion> | undefined {
  if (!checks || checks.length === 0) return undefined;
  return async (completion, candidate, signal) => {
    const context: CheckContext = { candidate, signal, ask: (body) => ask(candidate, body, signal) };
    let value = completion;
    for (const check of checks) {
      const verdict = await check(value, context);
      if (!verdict.ok) return verdict;
      value = verdict.value;
    }
    return { ok: true, value };
  };
}
