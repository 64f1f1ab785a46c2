import {
  fillPlaceholders, jobProgress, readReview, reviewMessages, reviewSchema, revisionMessage, shouldRevise,
  type ChatMessage, type JobQuality, type JobRoute, type JobUsage, type ModelCall, type PipelineMessage, type PipelineStage,
  type PipelineWorker, type RevisionRequest, type Review,
} from "@chorus/core";
import type { JobChange } from "@chorus/db";
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep, type WorkflowStepConfig } from "cloudflare:workers";
import { gatewayParts } from "../create-app.ts";
import type { GatewayEnv } from "../env.ts";
import { toGatewayError } from "../http/to-gateway-error.ts";
import { readData } from "./job-data-worker.ts";
import { JobEvents, jobClosed, type RecordedEvent } from "./job-events.ts";
import { callModel, type CallResult } from "./job-model-call.ts";
import type { JobParams } from "./job-params.ts";

/** A step's outcome as the engine stores it: the output as JSON text (the engine's types cannot follow a recursive JSON type). */
type StepResult = { outputJson: string; route: JobRoute | null; usage: JobUsage };

/** How often a running step asks the job's log whether it was cancelled, in ms (one waiting call each time). */
const CANCEL_WATCH_MS = 2_000;

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;
const outputOf = (result: StepResult): unknown => JSON.parse(result.outputJson) as unknown;

/**
 * A pipeline run as a job (CONTRACT.md "Pipelines and jobs"): each stage's
 * workers in parallel, each a step of its own (retried by the engine), each
 * model call through the chat stages as the job's owner; the draft after
 * each stage (the first before any review); then the supervisor's review and
 * revisions of the named parts only. Every event goes to the job's log under
 * a key, so a step the engine runs again says nothing twice; a cancelled
 * job's closed log ends the run at its next event.
 */
export class JobWorkflow extends WorkflowEntrypoint<GatewayEnv, JobParams> {
  override async run(event: Readonly<WorkflowEvent<JobParams>>, step: WorkflowStep): Promise<unknown> {
    const run = new JobRun(this.env, event.payload, step);
    try {
      return await run.run();
    } catch (error) {
      // A cancelled job's run ends quietly: its row and log say so already.
      if (error instanceof Error && error.name === "JobCancelled") return null;
      await run.fail(error);
      throw error;
    } finally {
      await run.settled();
    }
  }
}

class JobRun {
  readonly #env: GatewayEnv;
  readonly #params: JobParams;
  readonly #step: WorkflowStep;
  readonly #events: JobEvents;
  readonly #parts = gatewayParts();
  readonly #config: WorkflowStepConfig;
  /** Every part's latest output by name (workers, and each stage's aggregate by stage name). */
  readonly #outputs: Record<string, unknown> = {};
  readonly #routes: JobRoute[] = [];
  /** Events not yet in the log, with the job's state and row change as they were when each happened: written together before the job's next model call, or as it ends. */
  readonly #pending: RecordedEvent[] = [];
  /** The calls' after-answer work, awaited once the job has ended, not by each call's step: their batched writes wait up to 50 ms for company. */
  readonly #later: Promise<unknown>[] = [];
  readonly #usage: JobUsage = { tokensIn: 0, tokensOut: 0, costUsd: 0 };
  #draft: unknown = null;
  #progress = 0;
  #quality: JobQuality = { score: null, approved: null, revisions: 0 };

  constructor(env: GatewayEnv, params: JobParams, step: WorkflowStep) {
    this.#env = env;
    this.#params = params;
    this.#step = step;
    this.#events = new JobEvents(env, params.principal.userId, params.jobId);
    this.#config = { retries: { limit: params.retries, delay: "2 seconds", backoff: "exponential" }, timeout: "10 minutes" };
  }

  async run(): Promise<unknown> {
    const { pipeline } = this.#params;
    this.#record("job.started", "job.started", {});
    for (const [index, stage] of pipeline.stages.entries()) {
      this.#record(`stage.started:${stage.name}`, "stage.started", { stage: stage.name }, { stage: stage.name });
      await this.#flush();
      const results = await Promise.all(stage.workers.map((worker) => this.#step.do(`worker:${stage.name}:${worker.name}`, this.#config, () => this.#runWorker(stage, worker))));
      stage.workers.forEach((worker, at) => this.#take(worker.name, results[at]!));
      this.#draft = await this.#aggregate(stage, `aggregate:${stage.name}`);
      this.#progress = jobProgress(index + 1, pipeline.stages.length, pipeline.supervisor !== undefined);
      this.#record(`stage.completed:${stage.name}`, "stage.completed", { stage: stage.name }, { routes: this.#routes, usage: this.#usage });
      this.#record(`draft:${stage.name}`, "draft", { stage: stage.name, draft: this.#draft }, { draft: this.#draft });
    }
    await this.#supervise();
    this.#progress = 100;
    this.#record("job.succeeded", "job.succeeded", { result: this.#draft, quality: this.#quality, usage: this.#usage }, {
      status: "succeeded", result: this.#draft, quality: this.#quality, routes: this.#routes, usage: this.#usage, stage: null,
    }, "succeeded");
    await this.#flush();
    return this.#draft;
  }

  /** The calls' after-answer work done (usage rows, breaker reports), whether the job succeeded or not. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.#later);
  }

  /** Records the failure, unless the job's log is closed already (it was cancelled). */
  async fail(error: unknown): Promise<void> {
    const { error: shown } = toGatewayError(error);
    const failure = { code: shown.code ?? "job_failed", message: shown.message };
    this.#record("job.failed", "job.failed", { error: failure }, { error: failure, routes: this.#routes, usage: this.#usage }, "failed");
    await this.#flush().catch(() => undefined);
  }

  /** Reviews the draft and revises the parts the supervisor names, up to its `maxRevisions`. */
  async #supervise(): Promise<void> {
    const { pipeline, input } = this.#params;
    const supervisor = pipeline.supervisor;
    if (!supervisor) return;
    const last = pipeline.stages.at(-1)!;
    const parts = last.workers.filter((worker) => worker.kind === "model").map((worker) => worker.name);
    for (let round = 0; ; round++) {
      await this.#flush();
      const reviewed = await this.#step.do(`review:${round}`, this.#config, async () => {
        const call: ModelCall = { profile: supervisor.profile, routes: supervisor.routes, outputSchema: reviewSchema(parts), messages: reviewMessages(supervisor, input, this.#draft, parts) };
        return this.#callStep(last.name, `review:${round}`, call, call.messages);
      });
      this.#count(reviewed);
      const review = readReview(outputOf(reviewed), supervisor.threshold, parts);
      this.#quality = { score: review.score, approved: review.approved, revisions: round };
      this.#record(`review:${round}`, "review", { review }, { quality: this.#quality });
      if (!shouldRevise(review, round, supervisor.maxRevisions)) return;
      await this.#revise(last, review, round + 1);
    }
  }

  /** Revision `round`: only the named parts run again, each told what to change, then the stage is merged again. */
  async #revise(stage: PipelineStage, review: Review, round: number): Promise<void> {
    const named = review.revise;
    this.#record(`revision:${round}`, "revision", { round, parts: named.map((request) => request.part), stage: stage.name }, { stage: stage.name });
    await this.#flush();
    const results = await Promise.all(named.map((request) => this.#step.do(`revise:${round}:${request.part}`, this.#config, () => {
      const worker = stage.workers.find((candidate) => candidate.name === request.part)!;
      return this.#runWorker(stage, worker, request);
    })));
    named.forEach((request, at) => this.#take(request.part, results[at]!));
    this.#draft = await this.#aggregate(stage, `aggregate:${stage.name}:revision:${round}`);
    this.#record(`draft:revision:${round}`, "draft", { stage: stage.name, draft: this.#draft, revision: round }, { draft: this.#draft });
  }

  /** The stage's merged draft: its aggregator's answer (a step), or `{worker: output}` without one. */
  async #aggregate(stage: PipelineStage, name: string): Promise<unknown> {
    const aggregator = stage.aggregator;
    const merged: Record<string, unknown> = Object.fromEntries(stage.workers.map((worker) => [worker.name, this.#outputs[worker.name] ?? null]));
    if (!aggregator) return merged;
    const result = await this.#step.do(name, this.#config, () => this.#callStep(stage.name, name, aggregator, this.#messages(aggregator.messages)));
    this.#take(stage.name, result);
    return outputOf(result);
  }

  /** One worker's step: a data read, or a model call (with the supervisor's request when revised). */
  async #runWorker(stage: PipelineStage, worker: PipelineWorker, revision?: RevisionRequest): Promise<StepResult> {
    if (worker.kind === "data") {
      const output = await readData(this.#env, this.#params.principal.userId, this.#params.pipeline.name, worker);
      return { outputJson: JSON.stringify(output ?? null), route: null, usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 } };
    }
    const messages = this.#messages(worker.messages);
    if (revision) messages.push(revisionMessage(revision, this.#outputs[worker.name]));
    return this.#callStep(stage.name, revision ? `revise:${worker.name}` : worker.name, worker, messages);
  }

  /** A model call inside a step, aborted when the job is cancelled meanwhile (then not retried). */
  async #callStep(stage: string, key: string, call: ModelCall, messages: ChatMessage[]): Promise<StepResult> {
    const cancel = new AbortController();
    const log = this.#events.log;
    let done = false;
    const watch = async () => {
      while (!done) if (await log.closed(CANCEL_WATCH_MS)) return cancel.abort(jobClosed());
    };
    void watch().catch(() => undefined);
    try {
      const result: CallResult = await callModel({
        env: this.#env, jobId: this.#params.jobId, principal: this.#params.principal, stages: this.#parts.session, userState: this.#parts.userState,
        stage, key, signal: cancel.signal, keep: (work) => this.#later.push(work),
        onFallback: async (route, reason, next) => {
          await this.#events.log.append(`fallback:${key}:${route}`, "fallback", { jobId: this.#params.jobId, status: "running", progress: this.#progress, stage, part: key, route, reason, next });
        },
      }, call, messages);
      return { outputJson: JSON.stringify(result.output ?? null), route: result.route, usage: result.usage };
    } catch (error) {
      if (cancel.signal.aborted) throw jobClosed();
      throw error;
    } finally {
      done = true;
    }
  }

  #messages(messages: readonly PipelineMessage[]): ChatMessage[] {
    const values = { input: this.#params.input, parts: this.#outputs, draft: this.#draft };
    return messages.map((message) => ({ role: message.role, content: fillPlaceholders(message.content, values) }));
  }

  #take(name: string, result: StepResult): void {
    this.#outputs[name] = outputOf(result);
    this.#count(result);
  }

  #count(result: StepResult): void {
    if (result.route) this.#routes.push(result.route);
    this.#usage.tokensIn += result.usage.tokensIn;
    this.#usage.tokensOut += result.usage.tokensOut;
    this.#usage.costUsd = Math.round((this.#usage.costUsd + result.usage.costUsd) * 1e6) / 1e6;
  }

  /** An event under `key`, written with the next `#flush`. */
  #record(key: string, type: RecordedEvent["type"], data: Record<string, unknown>, change: JobChange = {}, status: "running" | "succeeded" | "failed" = "running"): void {
    this.#pending.push({ key, type, state: { status, progress: this.#progress }, data: asJson(data) as Record<string, unknown>, change: asJson(change) as JobChange });
  }

  /**
   * The events waiting, in one step (named by the first event's key and how
   * many follow) and one change of the job's row: a step costs the engine a
   * round of its own storage, and events between two model calls need not
   * wait for one each.
   */
  async #flush(): Promise<void> {
    const events = this.#pending.splice(0);
    if (events.length === 0) return;
    await this.#step.do(`event:${events[0]!.key}${events.length > 1 ? `+${events.length - 1}` : ""}`, this.#config, async () => {
      await this.#events.record(events);
      return events.length;
    });
  }
}
