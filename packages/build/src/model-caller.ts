import type { Candidate } from "@chorus/core";
import type { TaskPlan } from "./plan-task.ts";

/** An answer a model gave, with who gave it and why that candidate. */
export interface ServedAnswer {
  text: string;
  provider: string;
  model: string;
  rationale: string;
}

/**
 * Judges an answer before it is accepted (the task's rails): the text to keep
 * (masked by a `redact` rail), or turned down, when the next candidate is
 * tried unless `stop` (a `block` rail). Records what it turned down itself.
 */
export type JudgeAnswer = (answer: ServedAnswer) => Promise<{ ok: true; text: string } | { ok: false; stop: boolean }>;

export type CallOutcome = { ok: true; answer: ServedAnswer } | { ok: false; reason: string };

/** Where answers come from: a Chorus gateway, or the providers called in process. */
export interface ModelCaller {
  /** The candidates that may serve `plan` now, in order: those without an answer in the store are worth a call. */
  candidates(plan: TaskPlan): Candidate[];
  /** One answer for `plan` from `candidates` (in order), or why none came. */
  answer(plan: TaskPlan, candidates: readonly Candidate[], judge: JudgeAnswer, options: { refresh: boolean }): Promise<CallOutcome>;
  /** How calls are made, for the log. */
  readonly description: string;
}
