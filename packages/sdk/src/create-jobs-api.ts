import type { ChorusRequestOptions } from "./chorus-request-options.ts";
import type { Transport } from "./create-chorus-client.ts";
import type { CreatedJob, CreateJobBody, JobEvent, JobInfo, JobStatus } from "./job-types.ts";
import { readJobEvents, type JobEventsOptions } from "./read-job-events.ts";

type Signal = Pick<ChorusRequestOptions, "signal">;

/** `/v1/jobs` (CONTRACT.md "Pipelines and jobs"): pipelines run as jobs, their progress as events. */
export interface ChorusJobs {
  /** Starts a job (202): it runs on after the answer; follow it with `events` or `get`. */
  create(job: CreateJobBody, options?: Signal): Promise<CreatedJob>;
  /** The caller's jobs, newest first; `status` keeps only those in that state. */
  list(filter?: { status?: JobStatus }, options?: Signal): Promise<JobInfo[]>;
  get(id: string, options?: Signal): Promise<JobInfo>;
  /** Cancels the job (its calls in flight are aborted) and answers it as it is then; a finished job is answered unchanged. */
  cancel(id: string, options?: Signal): Promise<JobInfo>;
  /**
   * The job's events as they happen, from the first (or after `lastEventId`),
   * reconnecting with the last id seen when the connection drops; the
   * iteration ends after the terminal event. Leaving the loop closes the stream.
   */
  events(id: string, options?: JobEventsOptions): AsyncIterable<JobEvent>;
}

const at = (id: string) => `/v1/jobs/${encodeURIComponent(id)}`;

export function createJobsApi({ send, readJson }: Transport): ChorusJobs {
  const json = async <T>(response: Promise<Response>, options: Signal): Promise<T> => readJson<T>(await response, options.signal);
  return {
    create: (job, options = {}) => json(send({ method: "POST", path: "/v1/jobs", body: job, options }), options),
    async list(filter = {}, options = {}) {
      const path = filter.status ? `/v1/jobs?status=${encodeURIComponent(filter.status)}` : "/v1/jobs";
      return (await json<{ data: JobInfo[] }>(send({ method: "GET", path, options }), options)).data;
    },
    get: (id, options = {}) => json(send({ method: "GET", path: at(id), options }), options),
    cancel: (id, options = {}) => json(send({ method: "DELETE", path: at(id), options }), options),
    events: (id, options = {}) => readJobEvents(
      // `?lastEventId=` rather than the header: the same resume point, and no header the browser must preflight.
      (lastEventId, signal) => send({ method: "GET", path: `${at(id)}/events?lastEventId=${lastEventId}`, accept: "text/event-stream", options: { signal } }),
      options,
    ),
  };
}
