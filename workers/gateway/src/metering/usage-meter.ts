import {
  costUsd, estimateChatUsage, isProviderId, priceFor, tokenUsageFrom,
  type ChatCompletion, type ChatCompletionChunk, type ChatMessage, type EmbeddingResponse, type ProviderId,
  type StartedStream, type TokenUsage, type Usage,
} from "@chorus/core";
import type { Context } from "hono";
import { afterResponse } from "../cache/after-response.ts";
import type { GatewayEnv } from "../env.ts";
import { pricingTable } from "./pricing-table.ts";
import { usageBatch } from "./usage-batch.ts";

/** Who served an answer, and with whose key. */
export interface Served {
  provider: ProviderId;
  model: string;
  /** The user's own provider key: tokens counted, cost 0 (the provider bills that key). */
  ownKey: boolean;
}

type Metered = TokenUsage & { estimated: boolean };

const NOTHING: Metered = { tokensIn: 0, tokensOut: 0, cachedTokens: 0, estimated: false };

function measured(usage: Usage): Metered {
  return { ...tokenUsageFrom(usage), estimated: false };
}

function completionText(completion: ChatCompletion): string {
  return completion.choices.flatMap(({ message }) => [
    message.content ?? "",
    ...(message.tool_calls ?? []).flatMap((call) => [call.function.name, call.function.arguments]),
  ]).join("\n");
}

function chunkText(chunk: ChatCompletionChunk): string {
  return chunk.choices.map(({ delta }) =>
    (delta.content ?? "") + (delta.tool_calls ?? []).map((call) => (call.function?.name ?? "") + (call.function?.arguments ?? "")).join("")).join("");
}

/**
 * Usage and cost of one request, written to `usage_daily` after the response
 * (`waitUntil`, batched with other requests' rows: `usageBatch`), never on its way. Tokens come from the provider's usage
 * (a stream's final usage chunk, which adapters always ask for); without it
 * they are estimated and the row is marked so. Cost from `config/pricing.json`.
 * Only served answers are metered: a route calls one method per answer, and
 * an idempotent replay never reaches the route.
 */
export class UsageMeter {
  readonly #c: Context<{ Bindings: GatewayEnv }>;

  constructor(c: Context<{ Bindings: GatewayEnv }>) {
    this.#c = c;
  }

  /** A response-cache hit: one request, 0 tokens, 0 cost, marked cached. Returns the response untouched. */
  cacheHit(response: Response): Response {
    const provider = response.headers.get("x-chorus-provider") ?? "";
    const model = response.headers.get("x-chorus-model");
    if (isProviderId(provider) && model) this.#record({ provider, model, ownKey: false }, NOTHING, true);
    return response;
  }

  completion(served: Served, completion: ChatCompletion, messages: readonly ChatMessage[]): void {
    this.#record(served, completion.usage ? measured(completion.usage) : estimateChatUsage(messages, completionText(completion)));
  }

  embeddings(served: Served, response: EmbeddingResponse): void {
    this.#record(served, { tokensIn: response.usage.prompt_tokens, tokensOut: 0, cachedTokens: 0, estimated: false });
  }

  /**
   * The same stream, metered once it ends: finished, failed after its start,
   * or left by the client (`signal`), whichever comes first. What was sent
   * was served, so a cut stream counts too, estimated from its text when the
   * usage chunk never came.
   */
  stream(started: StartedStream, input: { served: Served; messages: readonly ChatMessage[]; signal: AbortSignal }): StartedStream {
    let usage: Usage | undefined;
    let text = "";
    let ended = false;
    const watch = (chunk: ChatCompletionChunk) => {
      if (chunk.usage) usage = chunk.usage;
      text += chunkText(chunk);
    };
    const end = () => {
      if (ended) return;
      ended = true;
      input.signal.removeEventListener("abort", end);
      this.#record(input.served, usage ? measured(usage) : estimateChatUsage(input.messages, text));
    };
    input.signal.addEventListener("abort", end, { once: true });
    for (const chunk of started.head) watch(chunk);
    async function* rest(): AsyncGenerator<ChatCompletionChunk> {
      try {
        for await (const chunk of started.rest) {
          watch(chunk);
          yield chunk;
        }
      } finally {
        end();
      }
    }
    return { head: started.head, rest: rest(), cancel: () => started.cancel() };
  }

  #record(served: Served, usage: Metered, cached = false): void {
    const c = this.#c;
    if (!c.get("features").identity) return;
    const free = cached || served.ownKey;
    const cost = free ? { usd: 0, priced: true } : costUsd(usage, priceFor(pricingTable(), served.provider, served.model));
    const event = { provider: served.provider, model: served.model, ...usage, costUsd: cost.usd, cached, ownKey: served.ownKey, estimated: usage.estimated || !cost.priced, at: new Date() };
    const write = usageBatch(c.env.DB).add({ userId: c.get("principal").userId, event });
    if (write) afterResponse(c, "usage record failed", write);
  }
}
