import { parsePipelines, PipelineConfigError, type Pipeline } from "@chorus/core";
import chapter from "../../../../config/pipelines/chapter.json" with { type: "json" };
import itinerary from "../../../../config/pipelines/itinerary.json" with { type: "json" };
import summary from "../../../../config/pipelines/summary.json" with { type: "json" };
import type { GatewayVariables } from "../env.ts";
import { ConfigError } from "./config-error.ts";

/** `config/pipelines/*.json`, one import per file (a Worker has no file system): a new file is added here. */
const BUNDLED = [
  { source: "config/pipelines/summary.json", json: summary as unknown },
  { source: "config/pipelines/itinerary.json", json: itinerary as unknown },
  { source: "config/pipelines/chapter.json", json: chapter as unknown },
];

function readPipelines(env: GatewayVariables): ReadonlyMap<string, Pipeline> {
  const override = env.PIPELINES;
  let declarations = BUNDLED;
  if (typeof override === "string" && override.trim() !== "") {
    let json: unknown;
    try {
      json = JSON.parse(override);
    } catch (error) {
      throw new ConfigError(`PIPELINES is not valid JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(json)) throw new ConfigError("PIPELINES: must be a JSON array of pipelines");
    declarations = json.map((pipeline: unknown, index) => ({ source: `PIPELINES[${index}]`, json: pipeline }));
  }
  try {
    return parsePipelines(declarations);
  } catch (error) {
    if (error instanceof PipelineConfigError) throw new ConfigError(error.message);
    throw error;
  }
}

const cache = new WeakMap<object, ReadonlyMap<string, Pipeline>>();

/**
 * The pipelines by name: `config/pipelines/*.json`, or `PIPELINES` holding
 * a JSON array of the same declarations (it replaces them whole). Checked
 * once per isolate and bindings object; a mistake is a ConfigError naming
 * the file and the field.
 */
export function pipelinesOf(env: GatewayVariables): ReadonlyMap<string, Pipeline> {
  let table = cache.get(env);
  if (!table) {
    table = readPipelines(env);
    cache.set(env, table);
  }
  return table;
}
