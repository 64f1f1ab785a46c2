import {
  chatRequestSchema, costUsd, priceFor, tokenUsageFrom,
  type ChatMessage, type ChatRequest, type JobRoute, type JobUsage, type ModelCall,
} from "@chorus/core";
import type { Principal } from "../auth/principal.ts";
import { gatewayConfig } from "../config/gateway-config.ts";
import type { GatewayEnv } from "../env.ts";
import { toGatewayError } from "../http/to-gateway-error.ts";
import { pricingTable } from "../metering/pricing-table.ts";
import { warnLater } from "../request/after-response.ts";
import { publishFailed } from "../request/ai-endpoint.ts";
import type { UserStateSource } from "../request/open-scope.ts";
import { scopeOf } from "../request/open-scope.ts";
import { publishEnded } from "../request/send-answer.ts";
import { runStages, type Stage } from "../request/stage.ts";

/** Where a job's model call is made, and what it reports through. */
export interface CallSite {
  env: GatewayEnv;
  jobId: string;
  principal: Principal;
  /** The chat stages each call runs through (`AppParts.session`: admission, metering, routing). */
  stages: readonly Stage<ChatRequest>[];
  userState: UserStateSource;
  /** The stage this call belongs to, as `routes` names it. */
  stage: string;
  /** The part (worker, `aggregate`, `review`) and its step: a fallback's event key. */
  key: string;
  /** Aborts when the job is cancelled. */
  signal: AbortSignal;
  /** Takes a served call's after-answer work (usage row, breaker report), for the job to await before it ends rather than the step. */
  keep(work: Promise<unknown>): void;
  /** A route failed and the next one is tried (`fallback` event). */
  onFallback(route: string, reason: string, next: string): Promise<void>;
}

/** What one call of a job made: its answer (JSON when it had an output schema), the route that served it, its cost. */
export interface CallResult {
  output: unknown;
  route: JobRoute;
  usage: JobUsage;
}

function bodyFor(route: string, call: ModelCall, messages: ChatMessage[], name: string): ChatRequest {
  return chatRequestSchema.parse({
    model: route, messages, stream: false,
    ...(call.outputSchema && { response_format: { type: "json_schema", json_schema: { name, schema: call.outputSchema } } }),
  });
}

function outputOf(content: string, structured: boolean): unknown {
  if (!structured) return content;
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return content;
  }
}

/**
 * One model call of a job through the chat request path, as its owner:
 * a scope built like a request's (`scopeOf`), the stages run (admission,
 * metering, routing with breakers and keys), the outcome published so
 * quotas, usage and provider health see it as one chat request, and the
 * after-answer work handed to the job (`keep`): its writes wait in batch
 * windows, which the step need not wait for (a failed route's is awaited,
 * before the next route). The
 * call's `profile` first, then each of its `routes` when the one before
 * had no candidate left.
 */
export async function callModel(site: CallSite, call: ModelCall, messages: ChatMessage[]): Promise<CallResult> {
  const routes = [call.profile, ...(call.routes ?? [])];
  const config = gatewayConfig(site.env);
  const user = await site.userState(site.env, site.principal);
  for (const [index, route] of routes.entries()) {
    const pending: Promise<unknown>[] = [];
    const requestId = `${site.jobId}:${site.key}`;
    const body = bodyFor(route, call, messages, site.key.replace(/[^\w-]/g, "_").slice(0, 64));
    const scope = scopeOf({
      requestId, method: "POST", path: `/v1/jobs/${site.jobId}`, principal: site.principal, config, env: site.env, signal: site.signal,
      later: (label, work) => pending.push(work.catch((error: unknown) => warnLater(requestId, label, error))),
    }, { purpose: "chat", raw: body, body, hints: {}, user });
    try {
      const answer = await runStages(site.stages, scope);
      if (answer.kind !== "json") throw new Error("a job's model call asked for JSON was answered otherwise");
      publishEnded(scope, { status: 200, servedBy: answer.served, usage: answer.usage, completion: answer.completion, cancelled: false, streamed: false });
      site.keep(Promise.all(pending));
      const served = answer.served;
      const tokens = answer.usage ? tokenUsageFrom(answer.usage) : { tokensIn: 0, tokensOut: 0, cachedTokens: 0 };
      const usd = !served || served.ownKey ? 0 : costUsd(tokens, priceFor(pricingTable(), served.provider, served.model)).usd;
      return {
        output: outputOf(answer.completion?.choices[0]?.message.content ?? "", call.outputSchema !== undefined),
        route: { stage: site.stage, route, reason: index === 0 ? "primary" : `fallback after ${routes[index - 1]}` },
        usage: { tokensIn: tokens.tokensIn, tokensOut: tokens.tokensOut, costUsd: usd },
      };
    } catch (error) {
      publishFailed(scope, error);
      await Promise.all(pending);
      const next = routes[index + 1];
      if (site.signal.aborted || next === undefined) throw error;
      await site.onFallback(route, toGatewayError(error).error.code, next);
    }
  }
  throw new Error("callModel: a call has at least one route");
}
