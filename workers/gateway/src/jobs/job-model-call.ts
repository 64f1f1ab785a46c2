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
  /** A route failed and the next one is tried (`fallback` event); `emergency` when the next is the emergency route. */
  onFallback(route: string, reason: string, next: string, emergency: boolean): Promise<void>;
  /** Takes a served call's after-answer work (usage row, breaker report), for the job to await before it ends rather than the step. */
  keep(work: Promise<unknown>): void;
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

/** The emergency route of a call: tried when its profile and routes have all failed, with the verified facts added. */
export interface EmergencyRoute {
  routes: readonly string[];
  /** The call's messages with the facts; read only when the emergency comes. */
  messages: () => Promise<ChatMessage[]>;
}

interface Attempt {
  route: string;
  reason: string;
  messages: () => Promise<ChatMessage[]>;
}

/** The call's profile, its routes in order, then the emergency's routes, each with why it is tried. */
function attemptsOf(call: ModelCall, messages: ChatMessage[], emergency: EmergencyRoute | undefined): Attempt[] {
  const own = [call.profile, ...(call.routes ?? [])];
  const given = () => Promise.resolve(messages);
  return [
    ...own.map((route, index) => ({ route, reason: index === 0 ? "primary" : `fallback after ${own[index - 1]}`, messages: given })),
    ...(emergency?.routes ?? []).map((route) => ({ route, reason: "emergency", messages: emergency!.messages })),
  ];
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
 * had no candidate left, then the emergency's routes.
 */
export async function callModel(site: CallSite, call: ModelCall, messages: ChatMessage[], emergency?: EmergencyRoute): Promise<CallResult> {
  const attempts = attemptsOf(call, messages, emergency);
  const config = gatewayConfig(site.env);
  const user = await site.userState(site.env, site.principal);
  for (const [index, attempt] of attempts.entries()) {
    const pending: Promise<unknown>[] = [];
    const requestId = `${site.jobId}:${site.key}`;
    const body = bodyFor(attempt.route, call, await attempt.messages(), site.key.replace(/[^\w-]/g, "_").slice(0, 64));
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
        route: { stage: site.stage, route: attempt.route, reason: attempt.reason },
        usage: { tokensIn: tokens.tokensIn, tokensOut: tokens.tokensOut, costUsd: usd },
      };
    } catch (error) {
      publishFailed(scope, error);
      await Promise.all(pending);
      const next = attempts[index + 1];
      if (site.signal.aborted || next === undefined) throw error;
      await site.onFallback(attempt.route, toGatewayError(error).error.code, next.route, next.reason === "emergency");
    }
  }
  throw new Error("callModel: a call has at least one route");
}
