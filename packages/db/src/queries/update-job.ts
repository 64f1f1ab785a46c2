import type { JobInfo } from "@chorus/core";
import { and, eq, notInArray } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { jobs } from "../schema/jobs.ts";

/** What a running job changes about itself. */
export type JobChange = Partial<Pick<JobInfo, "status" | "progress" | "stage" | "draft" | "result" | "quality" | "routes" | "usage" | "error">>;

/**
 * Applies `change` to `userId`'s job `id` unless it has finished already
 * (a cancelled job stays cancelled whatever its run still reports). True
 * when the job took the change.
 */
export async function updateJob(db: ChorusDb, userId: string, id: string, change: JobChange, now: Date = new Date()): Promise<boolean> {
  const rows = await db.update(jobs).set({ ...change, updatedAt: now })
    .where(and(eq(jobs.id, id), eq(jobs.userId, userId), notInArray(jobs.status, ["succeeded", "failed", "cancelled"])))
    .returning({ id: jobs.id });
  return rows.length > 0;
}
