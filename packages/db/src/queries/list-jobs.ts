import type { JobInfo, JobStatus } from "@chorus/core";
import { and, desc, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { jobs } from "../schema/jobs.ts";
import { jobColumns, toJobInfo } from "./job-row.ts";

/** At most this many jobs are listed, the newest first. */
const JOB_LIST_LIMIT = 200;

/** `userId`'s jobs, newest first; with `status`, only those. */
export async function listJobs(db: ChorusDb, userId: string, filter: { status?: JobStatus | undefined; pipeline?: string | undefined; limit?: number } = {}): Promise<JobInfo[]> {
  const rows = await db.select(jobColumns).from(jobs)
    .where(and(
      eq(jobs.userId, userId),
      filter.status ? eq(jobs.status, filter.status) : undefined,
      filter.pipeline ? eq(jobs.pipeline, filter.pipeline) : undefined,
    ))
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(Math.min(filter.limit ?? JOB_LIST_LIMIT, JOB_LIST_LIMIT));
  return rows.map(toJobInfo);
}
