/** Job shapes of CONTRACT.md "Pipelines and jobs", written out so the published package stands alone (see chat-types.ts). */

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** The `event:` names of a job's SSE. A newer gateway may send others: the SDK passes them on as they come. */
export type JobEventType =
  | "job.queued" | "job.started" | "stage.started" | "stage.completed" | "progress" | "draft" | "review" | "revision" | "fallback"
  | "job.succeeded" | "job.failed" | "job.cancelled";

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
  /** 0-100; 100 only once the job has succeeded. */
  progress: number;
  stage: string | null;
  /** The merged draft, published as soon as the first stage completes. */
  draft: unknown;
  result: unknown;
  quality: JobQuality;
  routes: JobRoute[];
  usage: JobUsage;
  error: { code: string; message: string } | null;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

/** `POST /v1/jobs`: the pipeline by name and its input (checked against the pipeline's `input` JSON Schema). */
export interface CreateJobBody {
  pipeline: string;
  input: unknown;
  /** The same key again answers the job already started instead of a second one. */
  idempotencyKey?: string;
}

/** `POST /v1/jobs` answers 202 with this; the job runs on. */
export interface CreatedJob {
  id: string;
  pipeline: string;
  status: JobStatus;
  createdAt: string;
}

/** A supervisor's verdict on a draft (`review` events). */
export interface JobReview {
  /** 0-10. */
  score: number;
  approved: boolean;
  notes: string;
  /** The parts to redo, each with what to change. */
  revise: { part: string; instruction: string }[];
}

/**
 * An event's `data`: always `{jobId, status, progress}`; the other fields
 * come with the events that carry them (`stage` with `stage.*`, `draft`
 * with `draft`, `review` with `review`, `result`/`quality`/`usage` with
 * `job.succeeded`, `error` with `job.failed`, `route`/`reason` with `fallback`).
 */
export interface JobEventData {
  jobId: string;
  status: JobStatus;
  progress: number;
  stage?: string;
  draft?: unknown;
  review?: JobReview;
  result?: unknown;
  quality?: JobQuality;
  usage?: JobUsage;
  error?: { code: string; message: string };
  route?: string;
  reason?: string;
  [field: string]: unknown;
}

/** One event of a job's log: its id (1, 2, 3, ... per job), its type, its data. */
export interface JobEvent {
  id: number;
  type: JobEventType | (string & {});
  data: JobEventData;
}

/** A pipeline as `GET /v1/pipelines` describes it: what it does, what it takes (a JSON Schema), its stages. */
export interface PipelineInfo {
  name: string;
  description: string;
  input: Record<string, unknown>;
  stages: { name: string; workers: { name: string; kind: "model" | "data" }[]; aggregator: boolean }[];
  supervisor: { threshold: number; maxRevisions: number } | null;
}
