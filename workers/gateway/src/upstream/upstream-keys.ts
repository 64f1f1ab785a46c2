import { providerSettings, type Candidate, type ChatAdapter, type ProviderId, type RoutePlan } from "@chorus/core";
import type { Context } from "hono";
import type { GatewayEnv } from "../env.ts";
import type { Served } from "../metering/usage-meter.ts";
import { loadOwnKey } from "../own-keys/load-own-key.ts";
import { ownKeyCache } from "../own-keys/own-key-of.ts";
import { adapterFor } from "./adapter-for.ts";
import { ownKeyAdapter, type OwnKey } from "./own-key-adapter.ts";
import { ownKeyProvidersOf } from "./own-key-providers-of.ts";

type GatewayContext = Context<{ Bindings: GatewayEnv }>;

const NO_OWN_KEYS: ReadonlyMap<ProviderId, OwnKey> = new Map();

/** Which key a request's calls to each provider use; what breakers are named after. */
export interface KeyChoice {
  /** The user's own key where they have one, else the platform's. */
  keyFor(provider: ProviderId): string | undefined;
  isOwn(provider: ProviderId): boolean;
}

/**
 * The keys of one request: for every provider of the plan the user has an
 * own key for (`ownKeyProvidersOf`), that key, decrypted once; the
 * platform's key for the rest. Hands out the matching adapters.
 */
export class UpstreamKeys implements KeyChoice {
  readonly #env: GatewayEnv;
  readonly #userId: string;
  readonly #own: ReadonlyMap<ProviderId, OwnKey>;

  private constructor(c: GatewayContext, own: ReadonlyMap<ProviderId, OwnKey>) {
    this.#env = c.env;
    this.#userId = c.get("principal").userId;
    this.#own = own;
  }

  static async open(c: GatewayContext, plan: RoutePlan): Promise<UpstreamKeys> {
    const listed = ownKeyProvidersOf(c);
    // Most callers have no own key: nothing to look for.
    if (listed.length === 0) return new UpstreamKeys(c, NO_OWN_KEYS);
    const wanted = [...new Set(plan.candidates.map((candidate) => candidate.provider))].filter((provider) => listed.includes(provider));
    // A key removed since the user's object last heard is absent: the platform's key serves, as it would have anyway.
    const found = await Promise.all(wanted.map((provider) => loadOwnKey(c, provider)));
    return new UpstreamKeys(c, new Map(found.filter((key) => key !== undefined).map((key) => [key.provider, key])));
  }

  keyFor(provider: ProviderId): string | undefined {
    return this.#own.get(provider)?.apiKey ?? providerSettings(this.#env, provider).apiKey;
  }

  isOwn(provider: ProviderId): boolean {
    return this.#own.has(provider);
  }

  /** Who served an answer and with whose key, for its usage row. */
  served(candidate: Candidate): Served {
    return { provider: candidate.provider, model: candidate.model, ownKey: this.isOwn(candidate.provider) };
  }

  adapter(provider: ProviderId): ChatAdapter {
    const own = this.#own.get(provider);
    if (!own) return adapterFor(this.#env, provider);
    // A refused key is read afresh next time: the user may have replaced it in another isolate.
    return ownKeyAdapter(this.#env, own, () => ownKeyCache.forget({ userId: this.#userId, provider }));
  }
}
