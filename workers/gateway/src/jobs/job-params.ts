import type { Pipeline } from "@chorus/core";
import type { Principal } from "../auth/principal.ts";

/** What a job's Workflow instance is created with: the pipeline as the caller's plan runs it, fixed when the job starts. */
export interface JobParams {
  jobId: string;
  /** The job's owner: every model call runs as them (quotas, own keys, metering). */
  principal: Principal;
  pipeline: Pipeline;
  /** Retries of each step (the engine's). */
  retries: number;
  input: unknown;
}
