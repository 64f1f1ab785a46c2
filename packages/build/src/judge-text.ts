import { checkOutputText, hasOutputRails, type Violation } from "@chorus/core";
import type { TaskPlan } from "./plan-task.ts";

export type TextJudgement = { ok: true; text: string } | { ok: false; violation: Violation };

/** An answer's text through the task's output rails (the gateway's, in its order); a `redact` rail masks what is kept. */
export function judgeText(plan: TaskPlan, text: string): TextJudgement {
  if (!hasOutputRails(plan.rails)) return { ok: true, text };
  const verdict = checkOutputText(text, plan.rails);
  return verdict.ok ? { ok: true, text: verdict.text } : { ok: false, violation: verdict.violation };
}

/** How a violation reads in the store: the rail, its action, what was wrong (never the offending text). */
export function violationDetail(violation: Violation): string {
  return `${violation.rail} (${violation.action}): ${violation.detail}`;
}
