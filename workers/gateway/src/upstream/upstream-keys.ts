import { isOwnKeyProvider, providerSettings, type Candidate, type ChatAdapter, type ProviderId } from "@chorus/core";
import type { GatewayEnv } from "../env.ts";
import { loadOwnKey } from "../own-keys/load-own-key.ts";
import { ownKeyCache } from "../own-keys/own-key-of.ts";
import type { Served } from "../request/answer.ts";
import type { RequestScope } from "../request/request-scope.ts";
import { adapterFor } from "./adapter-for.ts";
import { ownKeyAdapter, type OwnKey } from "./own-key-adapter.ts";

const NO_OWN_KEYS: ReadonlyMap<ProviderId, OwnKey> = new Map();

/** Which key a request's calls to each provider use; what breakers are named after. */
export interface KeyChoice {
  /** The user's own key where they have one, else the platform's. */
  keyFor(provider: ProviderId): string | undefined;
  isOwn(provider: ProviderId): boolean;
}

/**
 * The keys of one request: for every provider of the plan the user has an
 * own key for (as their state lists), that key, decrypted once; the
 * platform's key for the rest. Hands out the matching adapters.
 */
export class UpstreamKeys implements KeyChoice {
  readonly #env: GatewayEnv;
  readonly #userId: string;
  readonly #own: ReadonlyMap<ProviderId, OwnKey>;

  private constructor(env: GatewayEnv, userId: string, own: ReadonlyMap<ProviderId, OwnKey>) {
    this.#env = env;
    this.#userId = userId;
    this.#own = own;
  }

  static async open(scope: Pick<RequestScope, "env" | "principal" | "user" | "plan" | "requestId">): Promise<UpstreamKeys> {
    const { env, principal, user, plan } = scope;
    const listed = user.ownKeyProviders.filter((provider) => isOwnKeyProvider(provider));
    // Most callers have no own key: nothing to look for.
    if (listed.length === 0) return new UpstreamKeys(env, principal.userId, NO_OWN_KEYS);
    const wanted = [...new Set(plan.candidates.map((candidate) => candidate.provider))].filter((provider) => listed.includes(provider));
    // A key removed since the user's object last heard is absent: the platform's key serves, as it would have anyway.
    const owner = { userId: principal.userId, requestId: scope.requestId };
    const found = await Promise.all(wanted.map((provider) => loadOwnKey(env, owner, provider)));
    return new UpstreamKeys(env, principal.userId, new Map(found.filter((key) => key !== undefined).map((key) => [key.provider, key])));
  }

  keyFor(provider: ProviderId): string | undefined {
    return this.#own.get(provider)?.apiKey ?? providerSettings(this.#env, provider).apiKey;
  }

  isOwn(provider: ProviderId): boolean {
    return this.#own.has(provider);
  }

  /** Who served an answer and with whose key, for what comes after it (usage, cache). */
  served(candidate: Candidate): Served {
    return { provider: candidate.provider, model: candidate.model, ownKey: this.isOwn(candidate.provider), degraded: candidate.degraded === true };
  }

  adapter(provider: ProviderId): ChatAdapter {
    const own = this.#own.get(provider);
    if (!own) return adapterFor(this.#env, provider);
    // A refused key is read afresh next time: the user may have replaced it in another isolate.
    return ownKeyAdapter(this.#env, own, () => ownKeyCache.forget({ userId: this.#userId, provider }));
  }
}
