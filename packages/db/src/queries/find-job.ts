import type { JobInfo } from "@chorus/core";
import { and, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { jobs } from "../schema/jobs.ts";
import { jobColumns, toJobInfo } from "./job-row.ts";

/** `userId`'s job `id`; undefined when there is none of theirs (another user's is not found either). */
export async function findJob(db: ChorusDb, userId: string, id: string): Promise<JobInfo | undefined> {
  const row = await db.select(jobColumns).from(jobs).where(and(eq(jobs.id, id), eq(jobs.userId, userId))).get();
  return row && toJobInfo(row);
}
