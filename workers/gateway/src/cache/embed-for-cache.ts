import { resolveRoute, routeRequest, UpstreamError } from "@chorus/core";
import type { GatewayConfig } from "../config/gateway-config.ts";
import type { GatewayEnv } from "../env.ts";
import { adapterFor } from "../upstream/adapter-for.ts";
import { routeOptions } from "../upstream/route-options.ts";

export interface CacheEmbedding {
  vector: number[];
  /** `provider/model` that made it: vectors are only compared with vectors of the same model. */
  embedder: string;
}

/** One text's embedding from the default embeddings profile, routed like `/v1/embeddings`. */
export async function embedForCache(options: { env: GatewayEnv; config: GatewayConfig; text: string; signal: AbortSignal }): Promise<CacheEmbedding> {
  const { env, config } = options;
  const plan = resolveRoute({ purpose: "embeddings", config: config.profiles, enabled: config.enabled, demoAllowed: config.demoAllowed });
  const route = routeOptions(config, options.signal);
  const result = await routeRequest(
    plan.candidates,
    (candidate, signal) => {
      const adapter = adapterFor(env, candidate.provider);
      if (!adapter.embed) {
        throw new UpstreamError({ provider: candidate.provider, kind: "bad_request", status: 400, message: `${candidate.provider} offers no embeddings.` });
      }
      return adapter.embed({ model: candidate.model, input: options.text }, { model: candidate.model, signal });
    },
    { ...route, timeoutMs: route.timeouts.upstreamMs },
  );
  const vector = result.value.data[0]?.embedding;
  if (!Array.isArray(vector) || vector.length === 0) {
    throw new UpstreamError({ provider: result.candidate.provider, kind: "bad_request", message: "The embeddings answer held no float vector." });
  }
  return { vector, embedder: `${result.candidate.provider}/${result.candidate.model}` };
}
