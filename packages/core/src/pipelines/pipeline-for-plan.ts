import type { Pipeline, PipelinePlan } from "./pipeline-schema.ts";

/** Retries of a step when the pipeline's tier does not say (the engine's, per step). */
export const DEFAULT_STEP_RETRIES = 2;

/** A pipeline as one plan runs it: its tier's workers, supervisor and revisions applied. */
export interface PipelineRun {
  pipeline: Pipeline;
  /** Retries of each step (the Workflow engine's). */
  retries: number;
}

/** `pipeline` cut to what `plan`'s tier runs (CONTRACT.md: plan tiers set depth); a plan without a tier runs all of it. */
export function pipelineForPlan(pipeline: Pipeline, plan: PipelinePlan): PipelineRun {
  const tier = pipeline.tiers?.[plan];
  if (!tier) return { pipeline, retries: DEFAULT_STEP_RETRIES };
  const stages = tier.workers
    ? pipeline.stages.map((stage) => ({ ...stage, workers: stage.workers.filter((worker) => tier.workers!.includes(worker.name)) }))
    : pipeline.stages;
  const supervisor = tier.supervisor === false || !pipeline.supervisor
    ? undefined
    : { ...pipeline.supervisor, maxRevisions: tier.maxRevisions ?? pipeline.supervisor.maxRevisions };
  const { supervisor: _dropped, ...rest } = pipeline;
  return { pipeline: { ...rest, stages, ...(supervisor && { supervisor }) }, retries: tier.retries ?? DEFAULT_STEP_RETRIES };
}
