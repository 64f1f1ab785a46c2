import {
  fillPlaceholders, jobProgress, readReview, reviewMessages, reviewSchema, revisionMessage, shouldRevise,
  type ChatMessage, type DataWorker, type JobQuality, type JobRoute, type JobUsage, type ModelCall,
  type PipelineStage, type PipelineWorker, type PlaceholderValues, type RevisionRequest, type Review,
} from "@chorus/core";
import type { JobChange } from "@chorus/db";
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep, type WorkflowStepConfig } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";
import { gatewayParts } from "../create-app.ts";
import type { GatewayEnv } from "../env.ts";
import { toGatewayError } from "../http/to-gateway-error.ts";
import { cachedOutput, keepOutput } from "./job-cache.ts";
import { readData } from "./job-data-worker.ts";
import { JobEvents, jobClosed, type RecordedEvent } from "./job-events.ts";
import { callMessages } from "./job-messages.ts";
import { callModel, type CallResult, type EmergencyRoute } from "./job-model-call.ts";
import type { JobParams } from "./job-params.ts";

/** A step's outcome as the engine stores it: the output as JSON text (the engine's types cannot follow a recursive JSON type). */
type StepResult = { outputJson: string; route: JobRoute | null; usage: JobUsage; contextDropped?: number };

/** How often a running step asks the job's log whether it was cancelled, in ms (one waiting call each time). */
const CANCEL_WATCH_MS = 2_000;

const NO_USAGE: JobUsage = { tokensIn: 0, tokensOut: 0, costUsd: 0 };

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;
const outputOf = (result: StepResult): unknown => JSON.parse(result.outputJson) as unknown;

/**
 * A pipeline run as a job (CONTRACT.md "Pipelines and jobs"): each stage's
 * workers in parallel, each a step of its own (retried by the engine), each
 * model call through the chat stages as the job's owner; a `progress` event
 * as each worker finishes; the draft after each stage (the first before any
 * review); then the supervisor's review and
 * revisions of the named parts only. Every event goes to the job's log under
 * a key, so a step the engine runs again says nothing twice; a cancelled
 * job's closed log ends the run at its next event. Events between two model
 * calls go out together in one step, before the next call.
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
  /** Events not yet in the log, each with the job's state and row change as they were when it happened. */
  readonly #pending: RecordedEvent[] = [];
  /** The calls' after-answer work, awaited once the job has ended, not by each call's step: their batched writes wait up to 50 ms for company. */
  readonly #later: Promise<unknown>[] = [];
  readonly #usage: JobUsage = { tokensIn: 0, tokensOut: 0, costUsd: 0 };
  #draft: unknown = null;
  #progress = 0;
  /** Progress events one after another, so their values reach the log in the order they grow. */
  #progressed: Promise<unknown> = Promise.resolve();
  #quality: JobQuality = { score: null, approved: null, revisions: 0 };
  /** The last step's failure as the job shows it: the engine hands on only a failed step's message, not its error. */
  #failure: { code: string; message: string } | undefined;

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
      const units = stage.workers.length + (stage.aggregator ? 1 : 0);
      let finished = 0;
      const results = await Promise.all(stage.workers.map(async (worker) => {
        const result = await this.#work(`worker:${stage.name}:${worker.name}`, () => this.#runWorker(stage, worker));
        const progress = jobProgress(index + ++finished / units, pipeline.stages.length, pipeline.supervisor !== undefined);
        const dropped = result.contextDropped ? { contextDropped: result.contextDropped } : {};
        await this.#reportProgress(`progress:${stage.name}:${worker.name}`, progress, { stage: stage.name, part: worker.name, ...dropped }, finished < stage.workers.length);
        return result;
      }));
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
    const failure = this.#failure ?? { code: shown.code, message: shown.message };
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
      const reviewed = await this.#work(`review:${round}`, async () => {
        const call: ModelCall = { profile: supervisor.profile, routes: supervisor.routes, outputSchema: reviewSchema(parts), messages: reviewMessages(supervisor, input, this.#draft, parts) };
        return this.#callStep(last.name, `review:${round}`, call, call.messages!);
      });
      this.#count(reviewed);
      this.#progress = jobProgress(pipeline.stages.length + 1, pipeline.stages.length, true);
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
    const results = await Promise.all(named.map((request) => this.#work(`revise:${round}:${request.part}`, () => {
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
    await this.#flush();
    const result = await this.#work(name, async () => {
      const { messages } = await callMessages(this.#env, this.#params.principal.userId, aggregator, this.#values());
      return this.#callStep(stage.name, name, aggregator, messages);
    });
    this.#take(stage.name, result);
    return outputOf(result);
  }

  /** One worker's step: a data read, or a model call (with the supervisor's request when revised). */
  async #runWorker(stage: PipelineStage, worker: PipelineWorker, revision?: RevisionRequest): Promise<StepResult> {
    if (worker.kind === "data") {
      const output = await readData(this.#env, this.#params.principal.userId, this.#params.pipeline.name, worker);
      return { outputJson: JSON.stringify(output ?? null), route: null, usage: NO_USAGE };
    }
    const values = this.#values();
    const key = worker.cache && fillPlaceholders(worker.cache.key, values).trim();
    // A revision is asked for because the kept answer was wanting: it is never served from the cache, nor kept in it.
    const slot = worker.cache && key && !revision
      ? { userId: this.#params.principal.userId, pipeline: this.#params.pipeline.name, worker: worker.name, key }
      : undefined;
    const kept = slot && await cachedOutput(this.#env, slot);
    if (kept !== undefined) return { outputJson: JSON.stringify(kept), route: { stage: stage.name, route: "cache", reason: `cached ${worker.name} for ${key}` }, usage: NO_USAGE };
    const { messages, contextDropped } = await callMessages(this.#env, this.#params.principal.userId, worker, values);
    if (revision) messages.push(revisionMessage(revision, this.#outputs[worker.name]));
    const result = await this.#callStep(stage.name, revision ? `revise:${worker.name}` : worker.name, worker, messages, this.#emergency(messages));
    if (slot) await keepOutput(this.#env, slot, worker.cache!, outputOf(result));
    return contextDropped > 0 ? { ...result, contextDropped } : result;
  }

  /** The pipeline's emergency route for a worker's call: its messages with the verified facts in front (read only if it comes to that). */
  #emergency(messages: ChatMessage[]): EmergencyRoute | undefined {
    const { emergency } = this.#params.pipeline;
    if (!emergency) return undefined;
    const factsWorker = this.#params.pipeline.stages.flatMap((stage) => stage.workers)
      .find((worker): worker is DataWorker => worker.kind === "data" && worker.name === emergency.facts);
    return {
      routes: emergency.routes,
      messages: async () => {
        if (!factsWorker) return messages;
        const facts = await readData(this.#env, this.#params.principal.userId, this.#params.pipeline.name, factsWorker);
        const note: ChatMessage = { role: "system", content: `Verified facts from earlier runs (rely on them; do not contradict them):\n${JSON.stringify(facts)}` };
        return [note, ...messages];
      },
    };
  }

  /** A model call inside a step, aborted when the job is cancelled meanwhile (then not retried). */
  async #callStep(stage: string, key: string, call: ModelCall, messages: ChatMessage[], emergency?: EmergencyRoute): Promise<StepResult> {
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
        onFallback: async (route, reason, next, toEmergency) => {
          await this.#events.log.append(`fallback:${key}:${route}`, "fallback", {
            jobId: this.#params.jobId, status: "running", progress: this.#progress, stage, part: key, route, reason, next, ...(toEmergency && { emergency: true }),
          });
        },
      }, call, messages, emergency);
      return { outputJson: JSON.stringify(result.output ?? null), route: result.route, usage: result.usage };
    } catch (error) {
      if (cancel.signal.aborted) throw jobClosed();
      throw error;
    } finally {
      done = true;
    }
  }

  /**
   * A step doing the pipeline's work. Its failure is kept for `fail`; one
   * that trying again cannot mend (a 4xx such as a missing template) is
   * not retried by the engine.
   */
  #work(name: string, work: () => Promise<StepResult>): Promise<StepResult> {
    return this.#step.do(name, this.#config, async () => {
      try {
        return await work();
      } catch (error) {
        if (error instanceof Error && error.name === "JobCancelled") throw error;
        const { error: shown } = toGatewayError(error);
        this.#failure = { code: shown.code, message: shown.message };
        if (shown.status >= 400 && shown.status < 500 && shown.status !== 408 && shown.status !== 429) throw new NonRetryableError(shown.message, shown.code);
        throw error;
      }
    });
  }

  #values(): PlaceholderValues {
    return { input: this.#params.input, parts: this.#outputs, draft: this.#draft };
  }

  /**
   * A `progress` event, after the ones before it (progress only grows):
   * written at once while other workers of the stage still run (`now`),
   * else with the events that follow it.
   */
  #reportProgress(key: string, progress: number, data: Record<string, unknown>, now: boolean): Promise<unknown> {
    this.#progressed = this.#progressed.then(() => {
      this.#progress = Math.max(this.#progress, progress);
      this.#record(key, "progress", data);
      return now ? this.#flush() : undefined;
    });
    return this.#progressed;
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
