import {
  chatCacheKey, CompletionAssembler, isCacheableCompletion, lastUserMessage, observeStream, resolveCachePolicy, systemClock,
  type CachedAnswer, type CachePolicy, type Candidate, type ChatCompletion, type ChatRequest,
  type RoutePlan, type RouteResult, type StartedStream,
} from "@chorus/core";
import type { Context } from "hono";
import type { GatewayEnv } from "../env.ts";
import { callerScope } from "../edge/caller-scope.ts";
import { chorusHeaders } from "../http/chorus-headers.ts";
import { afterResponse } from "./after-response.ts";
import { cachedAnswerResponse } from "./cached-answer-response.ts";
import { readCachedAnswer, writeCachedAnswer } from "./cached-answer-store.ts";
import { cacheCounters } from "./cache-stats.ts";
import { cacheWarning } from "./cache-warning.ts";
import type { CacheStatus } from "./cache-status.ts";
import { SemanticLookup } from "./semantic-lookup.ts";

type Env = { Bindings: GatewayEnv };

export interface ResponseCacheInit {
  request: ChatRequest;
  plan: RoutePlan;
}

export interface ReplayOptions {
  stream: boolean;
  includeUsage: boolean;
}

interface ResponseCacheState {
  c: Context<Env>;
  plan: RoutePlan;
  policy: CachePolicy;
  /** Set whenever the policy consults the cache. */
  key?: string;
  semantic?: SemanticLookup;
}

function own<T>(record: Record<string, T> | undefined, key: string | undefined): T | undefined {
  return record && key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The response cache's part in one chat request: the exact cache in KV (one
 * read per lookup), the feature's semantic cache behind it, and the write of
 * a complete answer after the response. Policy: `resolveCachePolicy`; keys:
 * `chatCacheKey`; storage: docs/storage.md.
 */
export class ResponseCache {
  readonly #c: Context<Env>;
  readonly #plan: RoutePlan;
  readonly #policy: CachePolicy;
  readonly #key: string | undefined;
  readonly #semantic: SemanticLookup | undefined;

  private constructor(state: ResponseCacheState) {
    this.#c = state.c;
    this.#plan = state.plan;
    this.#policy = state.policy;
    this.#key = state.key;
    this.#semantic = state.semantic;
  }

  /** Decides the policy and key. Throws `GatewayError` 400 for a bad `x-chorus-cache` or `x-chorus-cache-ttl`. */
  static async open(c: Context<Env>, init: ResponseCacheInit): Promise<ResponseCache> {
    const config = c.get("config");
    const featureName = c.req.header("x-chorus-feature")?.trim();
    const feature = own(config.profiles.features, featureName);
    const policy = !c.get("features").edgeState ? { consult: false as const } : resolveCachePolicy({
      directive: c.req.header("x-chorus-cache"),
      ttlHeader: c.req.header("x-chorus-cache-ttl"),
      feature,
      profile: own(config.profiles.profiles, init.plan.profile),
      defaultTtlSeconds: config.cache.ttlSeconds,
      onByDefault: config.cache.onByDefault,
    });
    if (!policy.consult) {
      c.set("cacheStatus", "bypass");
      return new ResponseCache({ c, plan: init.plan, policy });
    }
    const keyInput = { request: init.request, target: init.plan, scope: policy.shared ? undefined : callerScope(c) };
    const key = await chatCacheKey(keyInput);
    c.set("cacheStatus", "miss");
    const message = feature?.semanticCache ? lastUserMessage(init.request) : undefined;
    const semantic = message && featureName && feature?.semanticCache
      ? new SemanticLookup({
          env: c.env, config, key: keyInput, message, settings: feature.semanticCache,
          namespace: JSON.stringify([featureName, keyInput.scope ?? null]),
          defer: (work) => afterResponse(c, "semantic cache cleanup failed", work),
        })
      : undefined;
    return new ResponseCache({ c, plan: init.plan, policy, key, semantic });
  }

  /** `x-chorus-cache` for an answer a provider served: `miss`, or `bypass` when the cache took no part. */
  get status(): CacheStatus {
    return this.#policy.consult ? "miss" : "bypass";
  }

  /** The cached answer as the response, exact first, then semantic; undefined on a miss or when not reading. */
  async lookup(replay: ReplayOptions): Promise<Response | undefined> {
    if (!this.#policy.consult || !this.#policy.read || this.#key === undefined) return undefined;
    const exact = await this.#read(this.#key);
    if (exact) return this.#replay(exact, "hit", replay);
    const similar = await this.#semantic?.find(this.#c.req.raw.signal).catch((error: unknown) => {
      cacheWarning(this.#c, "semantic cache lookup failed", error);
      return undefined;
    });
    return similar ? this.#replay(similar.answer, "semantic-hit", replay) : undefined;
  }

  /** Stores a served answer after the response, when it is whole and not a refusal. */
  storeCompletion(result: RouteResult<ChatCompletion>): void {
    if (!this.#served(result.candidate)) return;
    if (isCacheableCompletion(result.value)) this.#store(result.candidate, result.value);
  }

  /**
   * The same stream, assembled as it passes to the client; once it ended
   * whole (not cut, not cancelled, not a refusal) the answer is stored.
   */
  collectStream(result: RouteResult<StartedStream>): StartedStream {
    if (!this.#served(result.candidate)) return result.value;
    const assembler = new CompletionAssembler();
    return observeStream(result.value, {
      onChunk: (chunk) => assembler.add(chunk),
      onComplete: () => {
        const completion = assembler.completion();
        if (completion && isCacheableCompletion(completion)) this.#store(result.candidate, completion);
      },
    });
  }

  /** Counts the miss; true when the answer may be stored (a degraded stand-in's answer is not kept). */
  #served(candidate: Candidate): boolean {
    if (!this.#policy.consult) return false;
    cacheCounters.record("miss", { profile: this.#plan.profile, provider: candidate.provider });
    return candidate.degraded !== true;
  }

  async #read(key: string): Promise<CachedAnswer | undefined> {
    try {
      return await readCachedAnswer(this.#c.env.CACHE, key);
    } catch (error) {
      // A cache that cannot be read is a miss, never a failed request.
      cacheWarning(this.#c, "cache read failed", error);
      return undefined;
    }
  }

  #replay(answer: CachedAnswer, status: "hit" | "semantic-hit", replay: ReplayOptions): Response {
    this.#c.set("cacheStatus", status);
    cacheCounters.record(status, { profile: this.#plan.profile, provider: answer.provider });
    const served: RouteResult<CachedAnswer> = { value: answer, candidate: { provider: answer.provider, model: answer.model }, attempts: [], fallbacks: [] };
    const headers = chorusHeaders({ ...this.#plan, profile: answer.profile }, served, status);
    return cachedAnswerResponse(this.#c, { answer, headers, ...replay });
  }

  #store(candidate: Candidate, completion: ChatCompletion): void {
    const key = this.#key;
    if (!this.#policy.consult || key === undefined) return;
    const { ttlSeconds } = this.#policy;
    const answer: CachedAnswer = {
      provider: candidate.provider, model: candidate.model, profile: this.#plan.profile,
      completion: { ...completion, model: candidate.model }, storedAt: Date.now(),
    };
    afterResponse(this.#c, "cache write failed", (async () => {
      // From the next turn, once the runtime has taken the response: started now, the write would compete with sending it.
      await systemClock.sleep(0);
      await writeCachedAnswer(this.#c.env.CACHE, key, answer, ttlSeconds);
      await this.#semantic?.remember(key, ttlSeconds);
    })());
  }
}
