import { parseConfig } from "../schemas/config-schema.ts";
import { pipelineSchema, toPipelineWorker, type Pipeline } from "./pipeline-schema.ts";

/** A pipeline declaration that cannot be used; `path` names the offending field, `source` the file (or variable). */
export class PipelineConfigError extends Error {
  override readonly name = "PipelineConfigError";
  readonly source: string;
  readonly path: string;

  constructor(source: string, path: string, message: string) {
    super(`${source}: ${message}`);
    this.source = source;
    this.path = path;
  }
}

/** What the schema cannot see alone: worker names unique in the pipeline, tiers and the emergency's facts naming workers it has, an object input. */
function crossCheck(pipeline: Pipeline, fail: (path: string, message: string) => never): void {
  if (pipeline.input.type !== "object") fail("input.type", `input.type: must be "object" (a job's input is a JSON object)`);
  const names = new Set<string>();
  for (const [s, stage] of pipeline.stages.entries()) {
    for (const [w, worker] of stage.workers.entries()) {
      const path = `stages[${s}].workers[${w}].name`;
      if (names.has(worker.name)) fail(path, `${path}: "${worker.name}" is already the name of another worker of this pipeline`);
      names.add(worker.name);
    }
  }
  const facts = pipeline.emergency?.facts;
  if (facts !== undefined && !pipeline.stages.some((stage) => stage.workers.some((worker) => worker.name === facts && worker.kind === "data"))) {
    fail("emergency.facts", `emergency.facts: no data worker is named "${facts}"`);
  }
  for (const [plan, tier] of Object.entries(pipeline.tiers ?? {})) {
    for (const [index, name] of (tier.workers ?? []).entries()) {
      const path = `tiers.${plan}.workers[${index}]`;
      if (!names.has(name)) fail(path, `${path}: no worker is named "${name}"`);
    }
    for (const [s, stage] of pipeline.stages.entries()) {
      if (tier.workers && !stage.workers.some((worker) => tier.workers!.includes(worker.name))) {
        fail(`tiers.${plan}.workers`, `tiers.${plan}.workers: leaves stage "${pipeline.stages[s]!.name}" with no worker`);
      }
    }
  }
}

/** One pipeline declaration (parsed JSON) checked; `source` names where it came from in every error. */
export function parsePipeline(json: unknown, source: string): Pipeline {
  const fail = (path: string, message: string): never => {
    throw new PipelineConfigError(source, path, message);
  };
  const parsed = parseConfig(pipelineSchema, json, fail, "pipeline");
  const pipeline: Pipeline = { ...parsed, stages: parsed.stages.map((stage) => ({ ...stage, workers: stage.workers.map(toPipelineWorker) })) };
  crossCheck(pipeline, fail);
  return pipeline;
}

/** Every declaration, each labelled by its source, checked, as a table by name; two of one name are refused. */
export function parsePipelines(declarations: readonly { source: string; json: unknown }[]): ReadonlyMap<string, Pipeline> {
  const table = new Map<string, Pipeline>();
  for (const { source, json } of declarations) {
    const pipeline = parsePipeline(json, source);
    if (table.has(pipeline.name)) throw new PipelineConfigError(source, "name", `name: another pipeline is already named "${pipeline.name}"`);
    table.set(pipeline.name, pipeline);
  }
  return table;
}
