import { semanticContextKey, type CachedAnswer, type ChatCacheKeyInput, type FeatureConfig, type LastUserMessage } from "@chorus/core";
import type { GatewayConfig } from "../config/gateway-config.ts";
import type { GatewayEnv } from "../env.ts";
import { readCachedAnswer } from "./cached-answer-store.ts";
import { embedForCache } from "./embed-for-cache.ts";

export interface SemanticLookupInit {
  env: GatewayEnv;
  config: GatewayConfig;
  /** The request as the exact key sees it. */
  key: ChatCacheKeyInput;
  message: LastUserMessage;
  /** The `SemanticCache` object's name: feature and scope. */
  namespace: string;
  settings: NonNullable<FeatureConfig["semanticCache"]>;
  /** Runs work after the response (`waitUntil`). */
  defer: (work: Promise<unknown>) => void;
}

interface Probe {
  vector: number[];
  context: string;
}

/**
 * The semantic side of one request: embeds the last user message once, finds
 * a cached answer to a question at least `threshold` alike, and afterwards
 * remembers this question's vector for the answer it got.
 */
export class SemanticLookup {
  readonly #init: SemanticLookupInit;
  #probe: Promise<Probe> | undefined;

  constructor(init: SemanticLookupInit) {
    this.#init = init;
  }

  /** A cached answer to a similar question, with the key it is stored under; undefined when none. */
  async find(signal: AbortSignal): Promise<{ answer: CachedAnswer; cacheKey: string } | undefined> {
    const { env, settings } = this.#init;
    const probe = await this.#embed(signal);
    const match = await this.#durableObject().lookup({ context: probe.context, vector: probe.vector, threshold: settings.threshold });
    if (!match) return undefined;
    const answer = await readCachedAnswer(env.CACHE, match.cacheKey);
    if (!answer) {
      this.#init.defer(this.#durableObject().forget(match.cacheKey));
      return undefined;
    }
    return { answer, cacheKey: match.cacheKey };
  }

  /** Points this question at the answer stored under `cacheKey`; embeds it now if `find` did not. */
  async remember(cacheKey: string, ttlSeconds: number): Promise<void> {
    // After the response: the client's signal no longer bounds this; the router's deadline does.
    const probe = await this.#embed(new AbortController().signal);
    await this.#durableObject().remember({ cacheKey, context: probe.context, vector: probe.vector, ttlSeconds, maxEntries: this.#init.settings.maxEntries });
  }

  #embed(signal: AbortSignal): Promise<Probe> {
    this.#probe ??= (async () => {
      const { env, config, key, message } = this.#init;
      const { vector, embedder } = await embedForCache({ env, config, text: message.text, signal });
      return { vector, context: await semanticContextKey({ ...key, messageIndex: message.index, embedder }) };
    })();
    return this.#probe;
  }

  #durableObject() {
    const namespace = this.#init.env.SEMANTIC_CACHE;
    return namespace.get(namespace.idFromName(this.#init.namespace));
  }
}
