import { readFile } from "node:fs/promises";
import { checkJsonSchema, sha256Hex, type Candidate } from "@chorus/core";
import { BuildError } from "./build-error.ts";
import { judgeText, violationDetail } from "./judge-text.ts";
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
  /** Keys of answers rejected in review at the gateway: never served, and the task not asked again until a refresh. */
  rejected?: ReadonlySet<string>;
}

/** A stored answer as the task's rails judge it now. */
interface Judged {
  row: AnswerRow;
  /** A `block` rail turned it down: no other candidate is asked, as the gateway does. */
  blocked: boolean;
}

const sameCandidate = (row: Pick<AnswerRow, "provider" | "model">, candidate: Candidate) => row.provider === candidate.provider && row.model === candidate.model;

/**
 * Stored answers that are really this plan's (their key recomputed), in the
 * profile's candidate order, judged by the task's rails as they are now: a
 * rail added or changed since applies to stored answers too (the row's status
 * is updated, and only when it changed).
 */
async function storedAnswers(plan: TaskPlan, options: ResolveOptions): Promise<Judged[]> {
  const judged: Judged[] = [];
  for (const stored of await options.store.answersToPrompt(plan.promptHash)) {
    if (stored.key !== await answerKey(plan, stored.provider, stored.model)) continue;
    const verdict = judgeText(plan, stored.response);
    const status = verdict.ok ? { guardrailStatus: "ok" as const, guardrailDetail: null } : { guardrailStatus: "violated" as const, guardrailDetail: violationDetail(verdict.violation) };
    const row = { ...stored, ...status };
    if (row.guardrailStatus !== stored.guardrailStatus || row.guardrailDetail !== stored.guardrailDetail) await options.store.putAnswer(row);
    judged.push({ row, blocked: !verdict.ok && verdict.violation.action === "block" });
  }
  const rank = ({ row }: Judged) => {
    const index = options.profileCandidates.findIndex((candidate) => sameCandidate(row, candidate));
    return index === -1 ? options.profileCandidates.length : index;
  };
  return judged.sort((a, b) => rank(a) - rank(b));
}

async function rowOf(plan: TaskPlan, answer: ServedAnswer, state: Pick<AnswerRow, "response" | "guardrailStatus" | "guardrailDetail" | "approval">): Promise<AnswerRow> {
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
    responseHash: await sha256Hex(state.response),
    rationale: answer.rationale,
    ...state,
  };
}

/** The task's rails over each answer served; one turned down is stored as `violated` (the audit keeps it). */
function judgeWith(plan: TaskPlan, store: PromptStore): JudgeAnswer {
  return async (answer: ServedAnswer) => {
    const verdict = judgeText(plan, answer.text);
    if (verdict.ok) return verdict;
    await store.putAnswer(await rowOf(plan, answer, { response: answer.text, guardrailStatus: "violated", guardrailDetail: violationDetail(verdict.violation), approval: "none" }));
    return { ok: false, stop: verdict.violation.action === "block" };
  };
}

/** The task's curated fallback, checked like an answer's JSON (a broken fallback is a config mistake). */
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

/** Why a task whose answers all broke its rails falls back: the same words whether the router or the store found it. */
function violationsReason(judged: readonly Judged[]): string {
  const violations = judged.filter(({ row }) => row.guardrailStatus === "violated").map(({ row }) => `${row.provider}:${row.guardrailDetail?.split(" ")[0] ?? "guardrails"}`);
  return `no answer passed its guardrails (${violations.join(",")})`;
}

/**
 * The answer stored answers offer: the first passing one, or for a reviewed
 * task the first approved one (else its draft, else one rejected in review).
 */
function usable(plan: TaskPlan, judged: readonly Judged[], rejected?: ReadonlySet<string>): { row?: AnswerRow; draft?: AnswerRow; rejected?: AnswerRow } {
  const passing = judged.map(({ row }) => row).filter((row) => row.guardrailStatus === "ok");
  if (!plan.task.requiresApproval) return { row: passing[0] };
  const reviewed = passing.filter((row) => !rejected?.has(row.key));
  return {
    row: reviewed.find((row) => row.approval === "approved"),
    draft: reviewed.find((row) => row.approval === "pending"),
    rejected: passing.find((row) => rejected?.has(row.key)),
  };
}

function awaitingApproval(plan: TaskPlan, store: PromptStore, draft: AnswerRow): Promise<TaskOutcome> {
  return fallBack(plan, store, `its answer awaits review: chorus-build approve ${draft.key.slice(0, 12)}`, false);
}

/**
 * Settles one task: a stored answer when the store has a passing one (no
 * call), else a model's answer stored for next time, else its curated
 * fallback with an incident recorded. Candidates whose answers are stored
 * (passing or not) are not asked again, nor any after a `block` violation
 * or a rejection in review; `refresh --provider` is how they are.
 */
export async function resolveTask(plan: TaskPlan, options: ResolveOptions): Promise<TaskOutcome> {
  const { store, caller, refreshProvider, rejected } = options;
  const all = await storedAnswers(plan, options);
  const judged = all.filter(({ row }) => row.provider !== refreshProvider);
  const found = usable(plan, judged, rejected);
  if (found.row) return { kind: "answer", row: found.row, called: false };
  if (found.draft) return awaitingApproval(plan, store, found.draft);
  // Settled until someone asks again: every build would otherwise pay for the same answer to be turned down.
  if (found.rejected) {
    const { key, provider } = found.rejected;
    return fallBack(plan, store, `its answer ${key.slice(0, 12)} was rejected in review: chorus-build refresh --provider ${provider} asks again`, true);
  }
  if (judged.some(({ blocked }) => blocked)) return fallBack(plan, store, violationsReason(judged), true);
  const callable = caller.candidates(plan);
  const unanswered = (known: readonly Judged[]) => callable.filter((candidate) => !known.some(({ row }) => sameCandidate(row, candidate)));
  const candidates = unanswered(judged);
  if (candidates.length === 0 && judged.length > 0) return fallBack(plan, store, violationsReason(judged), true);
  if (options.frozen) return { kind: "missing" };
  const outcome = await caller.answer(plan, candidates, judgeWith(plan, store), { refresh: refreshProvider !== undefined });
  if (!outcome.ok) {
    // A refresh that got nothing better keeps what the provider said before.
    const kept = usable(plan, all, rejected);
    if (kept.row) return { kind: "answer", row: kept.row, called: true };
    const now = (await storedAnswers(plan, options)).filter(({ row }) => row.provider !== refreshProvider);
    const settled = now.some(({ blocked }) => blocked) || unanswered(now).length === 0;
    return fallBack(plan, store, settled && now.length > 0 ? violationsReason(now) : outcome.reason, true);
  }
  const row = await rowOf(plan, outcome.answer, {
    response: outcome.answer.text, guardrailStatus: "ok", guardrailDetail: null, approval: plan.task.requiresApproval ? "pending" : "none",
  });
  await store.putAnswer(row);
  if (plan.task.requiresApproval) return awaitingApproval(plan, store, row);
  return { kind: "answer", row, called: true };
}
