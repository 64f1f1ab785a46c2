import type { ChorusRequestOptions } from "./chorus-request-options.ts";
import type { Transport } from "./create-chorus-client.ts";
import type { PipelineInfo } from "./job-types.ts";

/** `GET /v1/pipelines`: the pipelines a job may run. */
export interface ChorusPipelines {
  list(options?: Pick<ChorusRequestOptions, "signal">): Promise<PipelineInfo[]>;
}

export function createPipelinesApi({ send, readJson }: Transport): ChorusPipelines {
  return {
    async list(options = {}) {
      return (await readJson<{ data: PipelineInfo[] }>(await send({ method: "GET", path: "/v1/pipelines", options }), options.signal)).data;
    },
  };
}
