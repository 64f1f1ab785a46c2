import { routeRequest, UpstreamError, type EmbeddingRequest } from "@chorus/core";
import { degradedHeaders } from "../edge/degraded-answer.ts";
import { chorusHeaders } from "../http/chorus-headers.ts";
import type { SelectRoute } from "../request/route-tracker.ts";
import type { Stage } from "../request/stage.ts";
import { routeOptions } from "../upstream/route-options.ts";
import { UpstreamKeys } from "../upstream/upstream-keys.ts";

/** The last stage of an embeddings request: the plan's candidates tried in order, under provider health. */
export function routeEmbeddings(select: SelectRoute): Stage<EmbeddingRequest> {
  return async function routeEmbeddings(scope) {
    const keys = await UpstreamKeys.open(scope);
    const health = await select(scope, keys);
    scope.ended.subscribe((ended) => health.finish({ tokens: ended.usage?.total_tokens }));
    const options = routeOptions(scope.config, scope.signal);
    const result = await health.track(routeRequest(
      health.plan.candidates,
      (candidate, signal) => {
        const adapter = keys.adapter(candidate.provider);
        if (!adapter.embed) {
          throw new UpstreamError({ provider: candidate.provider, kind: "bad_request", status: 400, message: `${candidate.provider} offers no embeddings; use a provider/model that does.` });
        }
        return adapter.embed(scope.body, { model: candidate.model, signal });
      },
      { ...options, timeoutMs: options.timeouts.upstreamMs },
    ));
    const body = { ...result.value, model: result.candidate.model };
    const { prompt_tokens, total_tokens } = body.usage;
    return {
      kind: "json", body, usage: { prompt_tokens, completion_tokens: 0, total_tokens },
      served: keys.served(result.candidate),
      headers: { ...chorusHeaders(health.plan, result, "bypass"), ...degradedHeaders(result.candidate) },
    };
  };
}
