import { embeddingRequestSchema, resolveRoute, routeRequest, UpstreamError } from "@chorus/core";
import { Hono } from "hono";
import { chorusHeaders } from "../http/chorus-headers.ts";
import { modelResponse } from "../http/model-response.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import type { GatewayEnv } from "../env.ts";
import { degradedHeaders } from "../edge/degraded-answer.ts";
import { RouteHealth } from "../edge/route-health.ts";
import { UsageMeter } from "../metering/usage-meter.ts";
import { reportAnswer } from "../quota/admission.ts";
import { modelChoice } from "../quota/model-choice.ts";
import { enabledFor } from "../upstream/enabled-for.ts";
import { routeOptions } from "../upstream/route-options.ts";
import { UpstreamKeys } from "../upstream/upstream-keys.ts";

export const embeddings = new Hono<{ Bindings: GatewayEnv }>().post("/", async (c) => {
  const body = await readJsonBody(c, embeddingRequestSchema);
  const config = c.get("config");
  const plan = resolveRoute({
    ...modelChoice(c, body.model, "embeddings"),
    purpose: "embeddings",
    config: config.profiles, enabled: enabledFor(c), demoAllowed: config.demoAllowed,
  });
  const keys = await UpstreamKeys.open(c, plan);
  const health = await RouteHealth.select(c, plan, "embeddings", keys);
  const options = routeOptions(config, c.req.raw.signal);
  const result = await health.track(routeRequest(
    health.plan.candidates,
    (candidate, signal) => {
      const adapter = keys.adapter(candidate.provider);
      if (!adapter.embed) {
        throw new UpstreamError({ provider: candidate.provider, kind: "bad_request", status: 400, message: `${candidate.provider} offers no embeddings; use a provider/model that does.` });
      }
      return adapter.embed(body, { model: candidate.model, signal });
    },
    { ...options, timeoutMs: options.timeouts.upstreamMs },
  ));
  result.value.model = result.candidate.model;
  health.finish({ tokens: result.value.usage.total_tokens });
  reportAnswer(c, { served: true, tokens: result.value.usage.total_tokens });
  new UsageMeter(c).embeddings(keys.served(result.candidate), result.value);
  return modelResponse(result.value, { ...chorusHeaders(health.plan, result, "bypass"), ...degradedHeaders(result.candidate) });
});
