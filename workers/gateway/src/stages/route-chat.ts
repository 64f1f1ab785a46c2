import {
  isRefusedCompletion, isRefusedStream, routeRequest, startStream,
  type Candidate, type ChatRequest, type HedgePolicy, type RouteOptions,
} from "@chorus/core";
import { degradedHeaders, disclaimCompletion, disclaimerFor, disclaimStream } from "../edge/degraded-answer.ts";
import { chorusHeaders } from "../http/chorus-headers.ts";
import { chainChecks } from "../request/answer-check.ts";
import type { Answer } from "../request/answer.ts";
import type { RequestScope } from "../request/request-scope.ts";
import type { RouteTracker, SelectRoute } from "../request/route-tracker.ts";
import type { Stage } from "../request/stage.ts";
import { profileHedge } from "../upstream/profile-hedge.ts";
import { routeOptions } from "../upstream/route-options.ts";
import { UpstreamKeys } from "../upstream/upstream-keys.ts";

type ChatScope = RequestScope<ChatRequest>;
type Options = RouteOptions & { hedge?: HedgePolicy };

async function routeJson(scope: ChatScope, keys: UpstreamKeys, health: RouteTracker, options: Options): Promise<Answer> {
  const ask = (candidate: Candidate, body: ChatRequest, signal: AbortSignal) => keys.adapter(candidate.provider).chat(body, { model: candidate.model, signal });
  const result = await health.track(routeRequest(
    health.plan.candidates,
    (candidate, signal) => ask(candidate, scope.body, signal),
    { ...options, isRefusal: isRefusedCompletion, timeoutMs: options.timeouts.upstreamMs, check: chainChecks(scope.checks, ask) },
  ));
  let completion = { ...result.value, model: result.candidate.model };
  const disclaimer = disclaimerFor(result.candidate, health.profile);
  if (disclaimer) completion = disclaimCompletion(completion, disclaimer);
  return {
    kind: "json", body: completion, completion, usage: completion.usage, served: keys.served(result.candidate),
    headers: { ...chorusHeaders(health.plan, result, "bypass"), ...degradedHeaders(result.candidate) },
  };
}

/**
 * A stream runs under its own stop as well as the client's signal: the
 * stream's cancel aborts its upstream calls. Linked natively
 * (`AbortSignal.any`), not by a listener on the incoming request's signal,
 * which costs workerd far more per request.
 */
async function routeStream(scope: ChatScope, keys: UpstreamKeys, health: RouteTracker, optionsFor: (signal: AbortSignal) => Options): Promise<Answer> {
  const stop = new AbortController();
  const options = optionsFor(AbortSignal.any([scope.signal, stop.signal]));
  const result = await health.track(routeRequest(
    health.plan.candidates,
    (candidate, signal) => {
      // Its own controller, so an idle or cut stream can close the connection, not just stop reading.
      const upstream = new AbortController();
      const source = keys.adapter(candidate.provider).stream(scope.body, { model: candidate.model, signal: AbortSignal.any([signal, upstream.signal]) });
      return startStream(source, {
        timeouts: options.timeouts, clock: options.clock, signal, provider: candidate.provider,
        abortUpstream: (reason) => upstream.abort(reason),
      });
    },
    { ...options, isRefusal: isRefusedStream, release: (started) => started.cancel() },
  ));
  const disclaimer = disclaimerFor(result.candidate, health.profile);
  const started = disclaimer ? disclaimStream(result.value, disclaimer) : result.value;
  return {
    kind: "stream", model: result.candidate.model, includeUsage: scope.body.stream_options?.include_usage === true,
    stream: { ...started, cancel: () => {
      stop.abort();
      started.cancel();
    } },
    served: keys.served(result.candidate),
    headers: { ...chorusHeaders(health.plan, result, "bypass"), ...degradedHeaders(result.candidate) },
  };
}

/**
 * The last stage of a chat request: the plan's candidates tried in order
 * (retries, fallback before the first byte, hedging, timeouts: core's
 * `routeRequest`) with the request's keys, under provider health
 * (`select`), which hears how the served answer ended.
 */
export function routeChat(select: SelectRoute): Stage<ChatRequest> {
  return async function routeChat(scope) {
    const keys = await UpstreamKeys.open(scope);
    const health = await select(scope, keys);
    scope.ended.subscribe((ended) => health.finish({ tokens: ended.usage?.total_tokens, error: ended.error, streamed: ended.streamed }));
    const hedge = profileHedge(scope.config.profiles, scope.plan);
    const optionsFor = (signal: AbortSignal): Options => ({ ...routeOptions(scope.config, signal), hedge });
    // A JSON answer runs under the client's own signal: once it is whole, nothing is left to stop.
    if (!scope.body.stream) return routeJson(scope, keys, health, optionsFor(scope.signal));
    return routeStream(scope, keys, health, optionsFor);
  };
}
