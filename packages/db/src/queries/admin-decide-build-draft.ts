import type { BuildDraft } from "@chorus/core";
import { eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { buildDrafts } from "../schema/build-drafts.ts";
import { toBuildDraft } from "./build-draft-row.ts";

/** Records an admin's decision on draft `id` (a later one replaces it); null when there is no such draft. */
export async function adminDecideBuildDraft(
  db: ChorusDb, id: string, decision: { status: "approved" | "rejected"; by: string }, now: Date = new Date(),
): Promise<BuildDraft | null> {
  const row = await db.update(buildDrafts)
    .set({ status: decision.status, decidedBy: decision.by, decidedAt: now })
    .where(eq(buildDrafts.id, id))
    .returning()
    .get();
  return row ? toBuildDraft(row) : null;
}
