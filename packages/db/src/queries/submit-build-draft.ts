import type { BuildDraft, BuildDraftSubmit } from "@chorus/core";
import { sql } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { buildDrafts } from "../schema/build-drafts.ts";
import { toBuildDraft } from "./build-draft-row.ts";

/**
 * Writes draft `id` for review as `userId`'s, in one statement. Submitting
 * the same content again changes nothing, so a decision stands; other
 * content (the answer was asked for again) is pending review again. Null
 * when `id` is another user's draft: it is left as it is.
 */
export async function submitBuildDraft(db: ChorusDb, userId: string, id: string, input: BuildDraftSubmit, now: Date = new Date()): Promise<BuildDraft | null> {
  const changed = sql`${buildDrafts.responseHash} IS NOT excluded.response_hash`;
  const row = await db.insert(buildDrafts)
    .values({ ...input, id, submittedBy: userId, status: "pending", submittedAt: now })
    .onConflictDoUpdate({
      target: buildDrafts.id,
      set: {
        taskId: sql`excluded.task_id`,
        route: sql`excluded.route`,
        profile: sql`excluded.profile`,
        provider: sql`excluded.provider`,
        model: sql`excluded.model`,
        prompt: sql`excluded.prompt`,
        promptHash: sql`excluded.prompt_hash`,
        content: sql`excluded.content`,
        responseHash: sql`excluded.response_hash`,
        status: sql`CASE WHEN ${changed} THEN 'pending' ELSE ${buildDrafts.status} END`,
        submittedAt: sql`CASE WHEN ${changed} THEN excluded.submitted_at ELSE ${buildDrafts.submittedAt} END`,
        decidedBy: sql`CASE WHEN ${changed} THEN NULL ELSE ${buildDrafts.decidedBy} END`,
        decidedAt: sql`CASE WHEN ${changed} THEN NULL ELSE ${buildDrafts.decidedAt} END`,
      },
      setWhere: sql`${buildDrafts.submittedBy} = excluded.submitted_by`,
    })
    .returning()
    .get();
  return row ? toBuildDraft(row) : null;
}
