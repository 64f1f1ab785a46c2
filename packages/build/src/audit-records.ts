import type { PromptStore } from "./prompt-store.ts";

/** One line of `audit export`: enough to check each hash against the text it covers. */
export type AuditRecord =
  | {
    record: "answer"; key: string; task_id: string; route: string; profile: string; provider: string; model: string;
    prompt_ref: string | null; prompt: string; prompt_hash: string; response: string; response_hash: string;
    rationale: string; guardrail_status: "ok" | "violated"; guardrail_detail: string | null; approval: "none" | "pending" | "approved";
  }
  | { record: "incident"; task_id: string; prompt_hash: string; reason: string; fallback_path: string | null };

/** Every answer, then every incident, in a stable order. */
export async function auditRecords(store: PromptStore): Promise<AuditRecord[]> {
  const answers = (await store.allAnswers()).map((row): AuditRecord => ({
    record: "answer", key: row.key, task_id: row.taskId, route: row.route, profile: row.profile, provider: row.provider, model: row.model,
    prompt_ref: row.promptRef, prompt: row.prompt, prompt_hash: row.promptHash, response: row.response, response_hash: row.responseHash,
    rationale: row.rationale, guardrail_status: row.guardrailStatus, guardrail_detail: row.guardrailDetail, approval: row.approval,
  }));
  const incidents = (await store.allIncidents()).map((row): AuditRecord => ({
    record: "incident", task_id: row.taskId, prompt_hash: row.promptHash, reason: row.reason, fallback_path: row.fallbackPath,
  }));
  return [...answers, ...incidents];
}
