import type { BuildDraft, BuildDraftStatus } from "@chorus/core";
import { and, asc, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { buildDrafts } from "../schema/build-drafts.ts";
import { toBuildDraft } from "./build-draft-row.ts";

export interface BuildDraftFilter {
  status?: BuildDraftStatus;
  /** Only this user's drafts (the build's own view); every user's when absent (admins). */
  submittedBy?: string;
}

/** Drafts, oldest submission first: the order a reviewer works through them. */
export async function listBuildDrafts(db: ChorusDb, filter: BuildDraftFilter): Promise<BuildDraft[]> {
  const rows = await db.select().from(buildDrafts)
    .where(and(
      filter.status === undefined ? undefined : eq(buildDrafts.status, filter.status),
      filter.submittedBy === undefined ? undefined : eq(buildDrafts.submittedBy, filter.submittedBy),
    ))
    .orderBy(asc(buildDrafts.submittedAt), asc(buildDrafts.id));
  return rows.map(toBuildDraft);
}
