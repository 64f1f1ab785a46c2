import type { JobEventType, JobStatus } from "@chorus/core";
import { createDb, updateJob, type JobChange } from "@chorus/db";
import { NonRetryableError } from "cloudflare:workflows";
import type { GatewayEnv } from "../env.ts";
import { jobLogOf } from "./job-log-of.ts";

/** Thrown in a step when the job's log has closed (it was cancelled): the engine does not retry it. */
export const jobClosed = () => new NonRetryableError("The job was cancelled.", "JobCancelled");

/** One event as `record` takes it: what the job's state and row change were when it happened. */
export interface RecordedEvent {
  key: string;
  type: JobEventType;
  state: { status: JobStatus; progress: number };
  data: Record<string, unknown>;
  change?: JobChange;
}

/** Where a running job reports: its log (SSE) and its row (D1). */
export class JobEvents {
  readonly #env: GatewayEnv;
  readonly #userId: string;
  readonly #jobId: string;

  constructor(env: GatewayEnv, userId: string, jobId: string) {
    this.#env = env;
    this.#userId = userId;
    this.#jobId = jobId;
  }

  get log() {
    return jobLogOf(this.#env, this.#userId, this.#jobId);
  }

  /**
   * Appends each event under its key (once, however often the step runs),
   * in order, then applies what they change to the job's row, once. A
   * closed log (a cancelled job) takes nothing: `jobClosed` is thrown and
   * the row is left as it is.
   */
  async record(events: readonly RecordedEvent[]): Promise<void> {
    let merged: JobChange = {};
    for (const { key, type, state, data, change = {} } of events) {
      if ((await this.log.append(key, type, { jobId: this.#jobId, ...state, ...data })) === null) throw jobClosed();
      merged = { ...merged, ...change, status: state.status, progress: state.progress };
    }
    await updateJob(createDb(this.#env.DB), this.#userId, this.#jobId, merged);
  }
}
