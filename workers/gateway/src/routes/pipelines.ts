import type { Pipeline } from "@chorus/core";
import { Hono } from "hono";
import { pipelinesOf } from "../config/read-pipelines.ts";
import type { GatewayEnv } from "../env.ts";

/** What a caller sees of a pipeline: what it does, what it takes, its stages and workers (not its prompts). */
function describePipeline(pipeline: Pipeline) {
  return {
    name: pipeline.name,
    description: pipeline.description,
    input: pipeline.input,
    stages: pipeline.stages.map((stage) => ({
      name: stage.name,
      workers: stage.workers.map((worker) => ({ name: worker.name, kind: worker.kind })),
      aggregator: stage.aggregator !== undefined,
    })),
    supervisor: pipeline.supervisor ? { threshold: pipeline.supervisor.threshold, maxRevisions: pipeline.supervisor.maxRevisions } : null,
  };
}

/** `GET /v1/pipelines` (CONTRACT.md "Pipelines and jobs"): the pipelines a job may run. */
export const pipelinesRoute = new Hono<{ Bindings: GatewayEnv }>()
  .get("/", (c) => c.json({ data: [...pipelinesOf(c.env).values()].map(describePipeline) }));
