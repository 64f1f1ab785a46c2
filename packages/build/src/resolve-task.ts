import { readFile } from "node:fs/promises";
import { checkJsonSchema, checkOutputText, hasOutputRails, sha256Hex, type Candidate } from "@chorus/core";
import { BuildError } from "./build-error.ts";
import type { JudgeAnswer, ModelCaller, ServedAnswer } from "./model-caller.ts";
import { answerKey, type TaskPlan } from "./plan-task.ts";
import type { PromptStore } from "./prompt-store.ts";
import type { AnswerRow } from "./store-schema.ts";

/** How a task's content was settled. */
export type TaskOutcome =
  | { kind: "answer"; row: AnswerRow; called: boolean }
  | { kind: "fallback"; text: string; reason: string }
  /** `--frozen` and the store has nothing for it: a model would have to be called. */
  | { kind: "missing" }
  | { kind: "failed"; message: string };

export interface ResolveOptions {
  store: PromptStore;
  caller: ModelCaller;
  /** The profile's candidates as configured, for ordering stored answers. */
  profileCandidates: readonly Candidate[];
  frozen: boolean;
  /** `refresh --provider`: this provider's stored answers are asked for again. */
  refreshProvider?: string;
}

const sameCandidate = (row: Pick<AnswerRow, "provider" | "model">, candidate: Candidate) => row.provider === candidate.provider && row.model === candidate.model;

/** Stored answers that are really this plan's (their key recomputed), in the profile's candidate order. */
async function storedAnswers(plan: TaskPlan, options: ResolveOptions): Promise<AnswerRow[]> {
  const rows: AnswerRow[] = [];
  for (const row of await options.store.answersToPrompt(plan.promptHash)) {
    if (row.key === await answerKey(plan, row.provider, row.model)) rows.push(row);
  }
  const rank = (row: AnswerRow) => {
    const index = options.profileCandidates.findIndex((candidate) => sameCandidate(row, candidate));
    return index === -1 ? options.profileCandidates.length : index;
  };
  return rows.sort((a, b) => rank(a) - rank(b));
}

function judgeWith(plan: TaskPlan, store: PromptStore): JudgeAnswer {
  return async (answer: ServedAnswer) => {
    if (!hasOutputRails(plan.rails)) return answer.text;
    const verdict = checkOutputText(answer.text, plan.rails);
    if (verdict.ok) return verdict.text;
    await store.putAnswer(await rowOf(plan, answer, answer.text, { guardrailStatus: "violated", guardrailDetail: `${verdict.violation.rail}: ${verdict.violation.detail}`, approval: "none" }));
    return undefined;
  };
}

async function rowOf(plan: TaskPlan, answer: ServedAnswer, response: string, state: Pick<AnswerRow, "guardrailStatus" | "guardrailDetail" | "approval">): Promise<AnswerRow> {
  return {
    key: await answerKey(plan, answer.provider, answer.model),
    taskId: plan.task.id,
    route: plan.task.route,
    profile: plan.profile,
    provider: answer.provider,
    model: answer.model,
    promptRef: plan.promptRef ?? null,
    prompt: plan.prompt,
    promptHash: plan.promptHash,
    response,
    responseHash: await sha256Hex(response),
    rationale: answer.rationale,
    ...state,
  };
}

/** The task's curated fallback, checked by its rails like an answer (a broken fallback is a config mistake). */
async function readFallback(plan: TaskPlan): Promise<string> {
  const text = await readFile(plan.fallbackFile!, "utf8");
  if (plan.format === "json") {
    const verdict = checkJsonSchema(text, plan.rails?.jsonSchema ?? {});
    if (!verdict.valid) throw new BuildError(`task "${plan.task.id}": fallbackPath: ${plan.task.fallbackPath} does not match the task's schema (${verdict.errors.join("; ")})`);
  }
  return text;
}

async function fallBack(plan: TaskPlan, store: PromptStore, reason: string, incident: boolean): Promise<TaskOutcome> {
  if (!plan.fallbackFile) return { kind: "failed", message: `task "${plan.task.id}": ${reason}, and it has no fallbackPath` };
  const text = await readFallback(plan);
  if (incident) await store.recordIncident({ taskId: plan.task.id, promptHash: plan.promptHash, reason, fallbackPath: plan.task.fallbackPath ?? null });
  return { kind: "fallback", text, reason };
}

/** Why a task whose every candidate answered against its rails falls back: the same words from the router or the store. */
function violationsReason(rows: readonly AnswerRow[]): string {
  const violations = rows.filter((row) => row.guardrailStatus === "violated").map((row) => `${row.provider}:${row.guardrailDetail?.split(":")[0] ?? "guardrails"}`);
  return `no answer passed its guardrails (${violations.join(",")})`;
}

/** The answer `rows` offer: the first passing one, or for a reviewed task the first approved one. */
function usable(plan: TaskPlan, rows: readonly AnswerRow[]): { row?: AnswerRow; draft?: AnswerRow } {
  const passing = rows.filter((row) => row.guardrailStatus === "ok");
  if (!plan.task.requiresApproval) return { row: passing[0] };
  return { row: passing.find((row) => row.approval === "approved"), draft: passing.find((row) => row.approval === "pending") };
}

function awaitingApproval(plan: TaskPlan, store: PromptStore, draft: AnswerRow): Promise<TaskOutcome> {
  return fallBack(plan, store, `its answer awaits review: chorus-build approve ${draft.key.slice(0, 12)}`, false);
}

/**
 * Settles one task: a stored answer when the store has one (no call), else a
 * model's answer stored for next time, else its curated fallback with an
 * incident recorded. Candidates whose answers are stored (passing or not) are
 * not asked again; `refresh --provider` is how they are.
 */
export async function resolveTask(plan: TaskPlan, options: ResolveOptions): Promise<TaskOutcome> {
  const { store, caller, refreshProvider } = options;
  const all = await storedAnswers(plan, options);
  const rows = all.filter((row) => row.provider !== refreshProvider);
  const found = usable(plan, rows);
  if (found.row) return { kind: "answer", row: found.row, called: false };
  if (found.draft) return awaitingApproval(plan, store, found.draft);
  const callable = caller.candidates(plan);
  const unanswered = (known: readonly AnswerRow[]) => callable.filter((candidate) => !known.some((row) => sameCandidate(row, candidate)));
  const candidates = unanswered(rows);
  if (candidates.length === 0 && rows.length > 0) return fallBack(plan, store, violationsReason(rows), true);
  if (options.frozen) return { kind: "missing" };
  const outcome = await caller.answer(plan, candidates, judgeWith(plan, store), { refresh: refreshProvider !== undefined });
  if (!outcome.ok) {
    // A refresh that got nothing better keeps what the provider said before.
    const kept = usable(plan, all);
    if (kept.row) return { kind: "answer", row: kept.row, called: true };
    const now = (await storedAnswers(plan, options)).filter((row) => row.provider !== refreshProvider);
    return fallBack(plan, store, unanswered(now).length === 0 ? violationsReason(now) : outcome.reason, true);
  }
  const row = await rowOf(plan, outcome.answer, outcome.answer.text, {
    guardrailStatus: "ok", guardrailDetail: null, approval: plan.task.requiresApproval ? "pending" : "none",
  });
  await store.putAnswer(row);
  if (plan.task.requiresApproval) return awaitingApproval(plan, store, row);
  return { kind: "answer", row, called: true };
}
