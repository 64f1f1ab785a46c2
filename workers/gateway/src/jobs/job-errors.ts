import { GatewayError } from "@chorus/core";

/** No job of the caller's by that id; another user's reads the same (existence is not revealed). */
export function jobNotFound(id: string): GatewayError {
  return new GatewayError({ status: 404, code: "job_not_found", message: `No job "${id}" of yours; GET /v1/jobs lists them.` });
}

export function pipelineNotFound(name: string): GatewayError {
  return new GatewayError({ status: 404, code: "pipeline_not_found", param: "pipeline", message: `No pipeline "${name}"; GET /v1/pipelines lists them.` });
}
