import {
  chatCacheKey, isCacheableCompletion, lastUserMessage, resolveCachePolicy,
  type CachedAnswer, type ChatRequest, type FeatureConfig, type RoutePlan,
} from "@chorus/core";
import { cachedAnswerAnswer } from "../cache/cached-answer-answer.ts";
import { readCachedAnswer, writeCachedAnswer } from "../cache/cached-answer-store.ts";
import { cacheCounters } from "../cache/cache-stats.ts";
import { SemanticLookup } from "../cache/semantic-lookup.ts";
import { chorusHeaders } from "../http/chorus-headers.ts";
import type { Answer } from "../request/answer.ts";
import type { RequestScope } from "../request/request-scope.ts";
import type { Stage } from "../request/stage.ts";

type ChatScope = RequestScope<ChatRequest>;

function own<T>(record: Record<string, T> | undefined, key: string | undefined): T | undefined {
  return record && key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `x-chorus-cache` on an answer a provider served: `miss`, or `bypass` when the cache took no part. */
function marked(answer: Answer, status: "miss" | "bypass"): Answer {
  answer.headers["x-chorus-cache"] = status;
  return answer;
}

/** A cache that cannot be read is a miss, never a failed request. */
async function read(scope: ChatScope, key: string): Promise<CachedAnswer | undefined> {
  try {
    return await readCachedAnswer(scope.env.CACHE, key);
  } catch (error) {
    scope.warn("cache read failed", error);
    return undefined;
  }
}

function replay(scope: ChatScope, answer: CachedAnswer, status: "hit" | "semantic-hit"): Answer {
  cacheCounters.record(status, { profile: scope.plan.profile, provider: answer.provider });
  const served = { value: answer, candidate: { provider: answer.provider, model: answer.model }, attempts: [], fallbacks: [] };
  const plan: RoutePlan = { ...scope.plan, profile: answer.profile };
  return cachedAnswerAnswer(answer, {
    headers: chorusHeaders(plan, served, status),
    stream: scope.body.stream === true,
    includeUsage: scope.body.stream_options?.include_usage === true,
  });
}

function semanticOf(scope: ChatScope, feature: FeatureConfig | undefined, key: Parameters<typeof chatCacheKey>[0]): SemanticLookup | undefined {
  const featureName = scope.hints.feature?.trim();
  const message = feature?.semanticCache ? lastUserMessage(scope.body) : undefined;
  if (!message || !featureName || !feature?.semanticCache) return undefined;
  return new SemanticLookup({
    env: scope.env, config: scope.config, key, message, settings: feature.semanticCache,
    namespace: JSON.stringify([featureName, key.scope ?? null]),
    defer: (work) => scope.later("semantic cache cleanup failed", work),
  });
}

/**
 * The response cache (policy: `resolveCachePolicy`; keys: `chatCacheKey`;
 * storage: docs/storage.md): answers from the exact cache in KV (one read),
 * then the feature's semantic cache; on a miss, stores the served answer
 * once it ended whole (not cut, not cancelled, not a refusal, not a degraded
 * stand-in's), after the response. Throws 400 for a bad `x-chorus-cache` or
 * `x-chorus-cache-ttl`.
 */
export const responseCache: Stage<ChatRequest> = async (scope, next) => {
  const featureName = scope.hints.feature?.trim();
  const feature = own(scope.config.profiles.features, featureName);
  const policy = resolveCachePolicy({
    directive: scope.hints.cache,
    ttlHeader: scope.hints.cacheTtl,
    feature,
    profile: own(scope.config.profiles.profiles, scope.plan.profile),
    defaultTtlSeconds: scope.config.cache.ttlSeconds,
    onByDefault: scope.config.cache.onByDefault,
  });
  if (!policy.consult) return marked(await next(), "bypass");

  const keyInput = {
    request: scope.body, target: scope.plan, scope: policy.shared ? undefined : scope.principal.userId,
    ...(feature?.guardrails && { feature: featureName }),
  };
  const key = await chatCacheKey(keyInput);
  const semantic = semanticOf(scope, feature, keyInput);
  if (policy.read) {
    const exact = await read(scope, key);
    if (exact) return replay(scope, exact, "hit");
    const similar = await semantic?.find(scope.signal).catch((error: unknown) => {
      scope.warn("semantic cache lookup failed", error);
      return undefined;
    });
    if (similar) return replay(scope, similar.answer, "semantic-hit");
  }

  scope.ended.subscribe((ended) => {
    const served = ended.servedBy;
    if (!served || served.cached) return;
    cacheCounters.record("miss", { profile: scope.plan.profile, provider: served.provider });
    const completion = ended.completion;
    if (served.degraded || !completion || !isCacheableCompletion(completion)) return;
    const answer: CachedAnswer = {
      provider: served.provider, model: served.model, profile: scope.plan.profile,
      completion: { ...completion, model: served.model }, storedAt: scope.clock.now(),
    };
    scope.later("cache write failed", (async () => {
      await writeCachedAnswer(scope.env.CACHE, key, answer, policy.ttlSeconds);
      await semantic?.remember(key, policy.ttlSeconds);
    })());
  });
  return marked(await next(), "miss");
};
