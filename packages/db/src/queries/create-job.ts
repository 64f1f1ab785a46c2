import type { JobInfo } from "@chorus/core";
import { and, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { jobs } from "../schema/jobs.ts";
import { jobColumns, toJobInfo } from "./job-row.ts";

export interface NewJob {
  id: string;
  pipeline: string;
  idempotencyKey?: string | undefined;
}

/**
 * Stores a queued job of `userId`'s. With an idempotency key the caller
 * used before, nothing is written and that earlier job comes back
 * (`created: false`).
 */
export async function createJob(db: ChorusDb, userId: string, job: NewJob, now: Date = new Date()): Promise<{ job: JobInfo; created: boolean }> {
  const row = await db.insert(jobs).values({
    id: job.id, userId, pipeline: job.pipeline, status: "queued", progress: 0,
    quality: { score: null, approved: null, revisions: 0 }, routes: [], usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 },
    idempotencyKey: job.idempotencyKey ?? null, createdAt: now, updatedAt: now,
  }).onConflictDoNothing().returning(jobColumns).get();
  if (row) return { job: toJobInfo(row), created: true };
  const earlier = await db.select(jobColumns).from(jobs)
    .where(and(eq(jobs.userId, userId), eq(jobs.idempotencyKey, job.idempotencyKey ?? "")))
    .get();
  if (!earlier) throw new Error("createJob: the insert was refused but no earlier job has this idempotency key");
  return { job: toJobInfo(earlier), created: false };
}
