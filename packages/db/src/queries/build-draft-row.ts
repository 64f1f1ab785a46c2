import type { BuildDraft } from "@chorus/core";
import { buildDrafts } from "../schema/build-drafts.ts";

export type BuildDraftRow = typeof buildDrafts.$inferSelect;

/** A row as the API shows it: dates as ISO strings. */
export function toBuildDraft(row: BuildDraftRow): BuildDraft {
  return { ...row, submittedAt: row.submittedAt.toISOString(), decidedAt: row.decidedAt?.toISOString() ?? null };
}
