import {
  chatRequestSchema, isRefusedCompletion, isRefusedStream, resolveRoute, routeRequest, startStream,
  type ChatRequest, type RoutePlan,
} from "@chorus/core";
import { Hono, type Context } from "hono";
import { ResponseCache } from "../cache/response-cache.ts";
import { chorusHeaders } from "../http/chorus-headers.ts";
import { modelResponse } from "../http/model-response.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { sseResponse } from "../http/sse-response.ts";
import type { GatewayEnv } from "../env.ts";
import { degradedHeaders, disclaimCompletion, disclaimerFor, disclaimStream } from "../edge/degraded-answer.ts";
import { RouteHealth } from "../edge/route-health.ts";
import { UsageMeter } from "../metering/usage-meter.ts";
import { reportAnswer, reportingStreamEnd } from "../quota/admission.ts";
import { modelChoice } from "../quota/model-choice.ts";
import { enabledFor } from "../upstream/enabled-for.ts";
import { profileHedge } from "../upstream/profile-hedge.ts";
import { routeOptions } from "../upstream/route-options.ts";
import { UpstreamKeys } from "../upstream/upstream-keys.ts";

type Env = { Bindings: GatewayEnv };

function planFor(c: Context<Env>, model: string | undefined): RoutePlan {
  const config = c.get("config");
  return resolveRoute({
    ...modelChoice(c, model),
    mode: c.req.header("x-chorus-mode"),
    surface: c.req.header("x-chorus-surface"),
    config: config.profiles,
    enabled: enabledFor(c),
    demoAllowed: config.demoAllowed,
  });
}

/**
 * The stream's own stop, which its end and the metering listen to, and the
 * signal its upstream calls run under: the client's leaving or the stream's
 * end aborts them. Linked natively (`AbortSignal.any`), not by a listener on
 * the incoming request's signal, which costs workerd far more per request.
 */
function streamStop(c: Context<Env>): { abort: AbortController; signal: AbortSignal } {
  const abort = new AbortController();
  return { abort, signal: AbortSignal.any([c.req.raw.signal, abort.signal]) };
}

export const chatCompletions = new Hono<Env>().post("/", async (c) => {
  const body = await readJsonBody(c, chatRequestSchema);
  const plan = planFor(c, body.model);
  const request: ChatRequest = body;
  const meter = new UsageMeter(c);
  const cache = await ResponseCache.open(c, { request, plan });
  const cached = await cache.lookup({ stream: body.stream === true, includeUsage: body.stream_options?.include_usage === true });
  if (cached) return meter.cacheHit(cached);
  const keys = await UpstreamKeys.open(c, plan);
  const health = await RouteHealth.select(c, plan, "chat", keys);
  const optionsFor = (signal: AbortSignal) => ({ ...routeOptions(c.get("config"), signal), hedge: profileHedge(c.get("config").profiles, plan) });

  if (!body.stream) {
    // The client's own signal: once the answer is whole, nothing is left to stop.
    const options = optionsFor(c.req.raw.signal);
    const result = await health.track(routeRequest(
      health.plan.candidates,
      (candidate, signal) => keys.adapter(candidate.provider).chat({ ...request, model: candidate.model }, { model: candidate.model, signal }),
      { ...options, isRefusal: isRefusedCompletion, timeoutMs: options.timeouts.upstreamMs },
    ));
    result.value.model = result.candidate.model;
    health.finish({ tokens: result.value.usage?.total_tokens });
    reportAnswer(c, { served: true, tokens: result.value.usage?.total_tokens });
    meter.completion(keys.served(result.candidate), result.value, request.messages);
    const disclaimer = disclaimerFor(result.candidate, health.profile);
    if (disclaimer) result.value = disclaimCompletion(result.value, disclaimer);
    cache.storeCompletion(result);
    return modelResponse(result.value, { ...chorusHeaders(health.plan, result, cache.status), ...degradedHeaders(result.candidate) });
  }

  const { abort, signal: streamSignal } = streamStop(c);
  const options = optionsFor(streamSignal);
  const result = await health.track(routeRequest(
    health.plan.candidates,
    (candidate, signal) => {
      // Its own controller, so an idle or cut stream can close the connection, not just stop reading.
      const upstream = new AbortController();
      const source = keys.adapter(candidate.provider).stream(
        { ...request, model: candidate.model },
        { model: candidate.model, signal: AbortSignal.any([signal, upstream.signal]) },
      );
      return startStream(source, {
        timeouts: options.timeouts, clock: options.clock, signal, provider: candidate.provider,
        abortUpstream: (reason) => upstream.abort(reason),
      });
    },
    { ...options, isRefusal: isRefusedStream, release: (started) => started.cancel() },
  ));
  const disclaimer = disclaimerFor(result.candidate, health.profile);
  if (disclaimer) result.value = disclaimStream(result.value, disclaimer);
  const metered = meter.stream(cache.collectStream(result), { served: keys.served(result.candidate), messages: request.messages, signal: abort.signal });
  return sseResponse(metered, {
    model: result.candidate.model,
    includeUsage: body.stream_options?.include_usage === true,
    headers: { ...chorusHeaders(health.plan, result, cache.status), ...degradedHeaders(result.candidate) },
    abort,
    onEnd: reportingStreamEnd(c, health.streamEnd(abort.signal)),
  });
});
