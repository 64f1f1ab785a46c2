import {
  checkPipelineInput, createJobSchema, GatewayError, jobListQuerySchema, pipelineForPlan, TERMINAL_JOB_STATUSES,
  type JobInfo,
} from "@chorus/core";
import { createDb, createJob, findJob, listJobs, updateJob } from "@chorus/db";
import { Hono, type Context } from "hono";
import { actingUserId } from "../auth/acting-user-id.ts";
import { pipelinesOf } from "../config/read-pipelines.ts";
import type { GatewayEnv } from "../env.ts";
import { readJsonBody, validateBody } from "../http/read-json-body.ts";
import { jobNotFound, pipelineNotFound } from "../jobs/job-errors.ts";
import { jobLogOf, newJobId } from "../jobs/job-log-of.ts";
import type { JobParams } from "../jobs/job-params.ts";
import { jobEventStream } from "../jobs/job-sse.ts";
import { killSwitchRefusal } from "../middleware/ai-kill-switch.ts";
import { modelCaller } from "../request/open-scope.ts";

type Env = { Bindings: GatewayEnv };

async function ownJob(c: Context<Env>, userId: string): Promise<JobInfo> {
  const id = c.req.param("id") ?? "";
  const job = await findJob(createDb(c.env.DB), userId, id);
  if (!job) throw jobNotFound(id);
  return job;
}

/** `Last-Event-ID` (header) or `?lastEventId=`: the last event the reader has; 0 for all. */
function lastEventId(c: Context<Env>): number {
  const raw = c.req.header("last-event-id") ?? c.req.query("lastEventId");
  if (raw === undefined || raw.trim() === "") return 0;
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 0) {
    throw new GatewayError({ status: 400, code: "invalid_request", param: "lastEventId", message: "Invalid 'lastEventId': must be a whole number >= 0 (the id of the last event received)." });
  }
  return id;
}

/**
 * `/v1/jobs` (CONTRACT.md "Pipelines and jobs"): pipelines run as jobs on
 * Cloudflare Workflows (`jobs/job-workflow.ts`). D1 lists the caller's jobs
 * and holds their results, always scoped by the caller (another user's job
 * is 404 `job_not_found`); each job's events are in its `JobLog` object,
 * read as SSE. The kill switch stops new jobs, not reads or cancels.
 */
export const jobsRoute = new Hono<Env>()
  .post("/", async (c) => {
    const refusal = killSwitchRefusal(c.get("config"));
    if (refusal) throw refusal;
    const principal = modelCaller(c);
    const body = await readJsonBody(c, createJobSchema);
    const pipeline = pipelinesOf(c.env).get(body.pipeline);
    if (!pipeline) throw pipelineNotFound(body.pipeline);
    const problem = checkPipelineInput(pipeline.input, body.input);
    if (problem) throw new GatewayError({ status: 400, code: "invalid_input", param: problem.param, message: problem.message });
    const db = createDb(c.env.DB);
    const { job, created } = await createJob(db, principal.userId, { id: newJobId(), pipeline: pipeline.name, idempotencyKey: body.idempotencyKey });
    if (created) {
      await jobLogOf(c.env, principal.userId, job.id).append("job.queued", "job.queued", { jobId: job.id, status: "queued", progress: 0, pipeline: job.pipeline });
      const run = pipelineForPlan(pipeline, principal.plan);
      const params: JobParams = { jobId: job.id, principal: { ...principal }, pipeline: run.pipeline, retries: run.retries, input: body.input };
      try {
        await c.env.JOB_WORKFLOW.create({ id: job.id, params });
      } catch (error) {
        await updateJob(db, principal.userId, job.id, { status: "failed", error: { code: "job_not_started", message: "The job could not be started." } });
        throw error;
      }
    }
    c.header("location", `/v1/jobs/${job.id}`);
    return c.json({ id: job.id, pipeline: job.pipeline, status: job.status, createdAt: job.createdAt }, 202);
  })

  .get("/", async (c) => {
    const query = validateBody(jobListQuerySchema, c.req.query());
    return c.json({ data: await listJobs(createDb(c.env.DB), actingUserId(c), { status: query.status }) });
  })

  .get("/:id", async (c) => c.json(await ownJob(c, actingUserId(c))))

  .get("/:id/events", async (c) => {
    const userId = actingUserId(c);
    const job = await ownJob(c, userId);
    const after = lastEventId(c);
    const log = jobLogOf(c.env, userId, job.id);
    const stream = jobEventStream((last, waitMs) => log.after(last, waitMs), after, c.req.raw.signal);
    return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
  })

  .delete("/:id", async (c) => {
    const userId = actingUserId(c);
    const job = await ownJob(c, userId);
    if (TERMINAL_JOB_STATUSES.has(job.status)) return c.json(job);
    const db = createDb(c.env.DB);
    // The row first (a finishing run cannot overwrite it), then the log (closed: the run says nothing more), then the instance.
    if (!(await updateJob(db, userId, job.id, { status: "cancelled", stage: null }))) return c.json((await findJob(db, userId, job.id)) ?? job);
    await jobLogOf(c.env, userId, job.id).append("job.cancelled", "job.cancelled", { jobId: job.id, status: "cancelled", progress: job.progress });
    try {
      await (await c.env.JOB_WORKFLOW.get(job.id)).terminate();
    } catch (error) {
      // An instance that has already ended cannot be terminated; its log and row are closed either way.
      console.warn(JSON.stringify({ requestId: c.get("requestId"), warning: "job terminate failed", error: error instanceof Error ? error.message : String(error) }));
    }
    return c.json((await findJob(db, userId, job.id)) ?? job);
  });
