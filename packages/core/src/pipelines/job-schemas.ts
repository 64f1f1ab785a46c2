import * as z from "zod";

export const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A job that will not change again. */
export const TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(["succeeded", "failed", "cancelled"]);

/** The `event:` names of a job's SSE (CONTRACT.md "Pipelines and jobs"). */
export const JOB_EVENT_TYPES = [
  "job.queued", "job.started", "stage.started", "stage.completed", "progress", "draft", "review", "revision", "fallback",
  "job.succeeded", "job.failed", "job.cancelled",
] as const;
export type JobEventType = (typeof JOB_EVENT_TYPES)[number];

/** The events after which a job's stream closes. */
export const TERMINAL_JOB_EVENTS: ReadonlySet<JobEventType> = new Set(["job.succeeded", "job.failed", "job.cancelled"]);

/** `POST /v1/jobs`. */
export const createJobSchema = z.object({
  pipeline: z.string().trim().min(1, "must name a pipeline").max(100),
  /** Checked against the pipeline's `input` JSON Schema. */
  input: z.unknown(),
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
});

/** `GET /v1/jobs?status=`. */
export const jobListQuerySchema = z.object({ status: z.enum(JOB_STATUSES).optional() });

/** Which route served a stage's call, and why that one. */
export interface JobRoute {
  stage: string;
  route: string;
  reason: string;
}

export interface JobUsage {
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export interface JobQuality {
  score: number | null;
  approved: boolean | null;
  revisions: number;
}

/** A job as `GET /v1/jobs/{id}` shows it. */
export interface JobInfo {
  id: string;
  pipeline: string;
  status: JobStatus;
  progress: number;
  stage: string | null;
  draft: unknown;
  result: unknown;
  quality: JobQuality;
  routes: JobRoute[];
  usage: JobUsage;
  error: { code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** One event of a job's log, as its SSE sends it. */
export interface JobEvent {
  id: number;
  type: JobEventType;
  /** At least `{jobId, status, progress}`. */
  data: Record<string, unknown>;
}
