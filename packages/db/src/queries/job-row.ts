import type { JobInfo } from "@chorus/core";
import { jobs } from "../schema/jobs.ts";

/** The columns a job is shown with (never `user_id` or its idempotency key). */
export const jobColumns = {
  id: jobs.id,
  pipeline: jobs.pipeline,
  status: jobs.status,
  progress: jobs.progress,
  stage: jobs.stage,
  draft: jobs.draft,
  result: jobs.result,
  quality: jobs.quality,
  routes: jobs.routes,
  usage: jobs.usage,
  error: jobs.error,
  createdAt: jobs.createdAt,
  updatedAt: jobs.updatedAt,
};

type JobRow = Omit<JobInfo, "createdAt" | "updatedAt"> & { createdAt: Date; updatedAt: Date };

export function toJobInfo(row: JobRow): JobInfo {
  return { ...row, draft: row.draft ?? null, result: row.result ?? null, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}
