import {
  costUsd, estimateChatUsage, priceFor, tokenUsageFrom,
  type ChatCompletion, type ChatMessage, type TokenUsage,
} from "@chorus/core";
import { pricingTable } from "../metering/pricing-table.ts";
import { usageBatch } from "../metering/usage-batch.ts";
import type { AnswerEnded } from "../request/answer-ended.ts";
import type { Answer } from "../request/answer.ts";
import type { RequestScope } from "../request/request-scope.ts";
import type { Next } from "../request/stage.ts";

type Metered = TokenUsage & { estimated: boolean };

const NOTHING: Metered = { tokensIn: 0, tokensOut: 0, cachedTokens: 0, estimated: false };

function completionText(completion: ChatCompletion): string {
  return completion.choices.flatMap(({ message }) => [
    message.content ?? "",
    ...(message.tool_calls ?? []).flatMap((call) => [call.function.name, call.function.arguments]),
  ]).join("\n");
}

/** Tokens as the provider reported them; else estimated from the messages and what was said, and marked so. */
function meteredOf(ended: AnswerEnded, messages: readonly ChatMessage[]): Metered {
  if (ended.servedBy?.cached) return NOTHING;
  if (ended.usage) return { ...tokenUsageFrom(ended.usage), estimated: false };
  const said = ended.completion ? completionText(ended.completion) : ended.streamedText ?? "";
  return estimateChatUsage(messages, said);
}

/**
 * Usage and cost of every served answer, written to `usage_daily` after the
 * response (batched with other requests' rows: `usageBatch`). What was sent
 * was served: a stream cut or left by the client counts too. A cache hit is
 * one request with 0 tokens and 0 cost, marked cached; an answer no model
 * served now (an idempotent replay, an error) is not metered. Cost from
 * `config/pricing.json`. An answer with `x-chorus-fallback` counts as served
 * after a fallback.
 */
export async function meterUsage<Body extends { model?: string; messages?: readonly ChatMessage[] }>(scope: RequestScope<Body>, next: Next<Body>): Promise<Answer> {
  // The answer ends after this stage returned it, so its headers are known when the listener runs.
  let fallback = false;
  scope.ended.subscribe((ended) => {
    const served = ended.servedBy;
    if (!served) return;
    const usage = meteredOf(ended, scope.body.messages ?? []);
    const free = served.cached === true || served.ownKey;
    const cost = free ? { usd: 0, priced: true } : costUsd(usage, priceFor(pricingTable(), served.provider, served.model));
    const event = {
      provider: served.provider, model: served.model, ...usage, costUsd: cost.usd, cached: served.cached === true,
      ownKey: served.ownKey, fallback, estimated: usage.estimated || !cost.priced, at: new Date(scope.clock.now()),
    };
    const write = usageBatch(scope.env.DB).add({ userId: scope.principal.userId, event });
    if (write) scope.later("usage record failed", write);
  });
  const answer = await next();
  fallback = (answer.headers["x-chorus-fallback"] ?? "") !== "";
  return answer;
}
