import type { BuildDraft } from "@chorus/core";
import type { GatewayReview } from "./gateway-review.ts";
import type { PromptStore } from "./prompt-store.ts";
import type { AnswerRow } from "./store-schema.ts";

/** What the gateway's review says about the store's drafts. */
export interface ReviewState {
  /** The gateway's drafts of this key, by id (the answer's key). */
  drafts: ReadonlyMap<string, BuildDraft>;
  /** Keys of answers rejected in review: never served. */
  rejected: ReadonlySet<string>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The gateway's draft for `row`, when it holds the same content: a decision on other content says nothing about this one. */
function draftOf(state: ReviewState, row: AnswerRow): BuildDraft | undefined {
  const draft = state.drafts.get(row.key);
  return draft?.responseHash === row.responseHash ? draft : undefined;
}

/**
 * Reads the decisions admins made (the console's Build review) before tasks
 * are settled. An approved draft is approved in the store too, so builds
 * without the gateway (CI with `--frozen`) serve it; a rejected one is not
 * served. Undefined when the gateway cannot say: the store's approvals stand.
 */
export async function pullDecisions(review: GatewayReview, store: PromptStore, log: (line: string) => void): Promise<ReviewState | undefined> {
  let drafts: BuildDraft[];
  try {
    drafts = await review.drafts();
  } catch (error) {
    log(`chorus-build: could not read review decisions from ${review.url} (${messageOf(error)}); approvals stay as the store has them`);
    return undefined;
  }
  const state = { drafts: new Map(drafts.map((draft) => [draft.id, draft])), rejected: new Set<string>() };
  for (const row of await store.answersWithKeys(drafts.map((draft) => draft.id))) {
    const draft = draftOf(state, row);
    if (draft?.status === "rejected") state.rejected.add(row.key);
    if (draft?.status === "approved" && row.approval === "pending") {
      await store.approve(row.key);
      log(`  ${row.taskId}: approved in review by ${draft.decidedBy ?? "an admin"}`);
    }
  }
  return state;
}

/** Submits each draft awaiting review that the gateway does not hold with this content; stops at the first failure, said in the log. */
export async function submitDrafts(review: GatewayReview, store: PromptStore, state: ReviewState | undefined, log: (line: string) => void): Promise<void> {
  for (const row of await store.pending()) {
    if (state && draftOf(state, row)) continue;
    const { taskId, route, profile, provider, model, prompt, promptHash, response, responseHash } = row;
    try {
      await review.submit(row.key, { taskId, route, profile, provider, model, prompt, promptHash, content: response, responseHash });
    } catch (error) {
      log(`chorus-build: could not submit drafts for review to ${review.url} (${messageOf(error)}); chorus-build approve still works`);
      return;
    }
    log(`  ${taskId}: submitted for review at ${review.url} (${row.key.slice(0, 12)})`);
  }
}
