import type { ProviderId } from "./chat-types.ts";
import type { Candidate } from "./route-types.ts";

/** One profile: an intent mapped to candidates tried in order. */
export interface ProfileConfig {
  candidates: Candidate[];
  /** Overrides `CACHE_TTL_SECONDS` for answers of this profile; 0 = never cached. */
  cacheTtlSeconds?: number;
  description?: string;
  /** Prefer candidates whose observed p95 latency meets this; the others keep their order behind them. */
  latencyTargetMs?: number;
  /** If the serving candidate has sent no first byte after `afterMs`, the next one starts too; the first byte wins. */
  hedge?: { afterMs: number };
  /** Added to answers served by a `degraded` candidate. */
  disclaimer?: string;
}

/** Per-provider limits an operator sets in the profiles file. */
export interface ProviderPolicy {
  /** Tokens (in + out) a day across all users; the provider is skipped once projected over it. */
  dailyTokenBudget?: number;
}

/** Per-feature behaviour, chosen by the `x-chorus-feature` header. */
export interface FeatureConfig {
  /** Overrides the profile's and the default cache TTL; 0 = never cached. */
  cacheTtlSeconds?: number;
  /** `shared`: one cache entry serves every caller (answers that are not personal); default `user`. */
  cacheScope?: "user" | "shared";
  /** Opt-in: serve a cached answer to a question whose embedding is this similar (cosine) to a cached one. */
  semanticCache?: { threshold: number; maxEntries?: number };
}

/** Profiles plus the pins that choose among them. */
export interface ProfileSet {
  defaultProfile: string;
  profiles: Record<string, ProfileConfig>;
  /** `x-chorus-mode` value -> profile name. */
  modes?: Record<string, string>;
  /** `x-chorus-surface` value -> profile name. */
  surfaces?: Record<string, string>;
}

/**
 * `config/llm-profiles.json` (or `LLM_PROFILES`). Chat profiles at the top;
 * embedding profiles, if any, in their own set so a chat request never lands
 * on an embedding model and vectors never mix across models by fallback.
 */
export interface ProfilesConfig extends ProfileSet {
  embeddings?: Pick<ProfileSet, "defaultProfile" | "profiles">;
  providers?: Partial<Record<ProviderId, ProviderPolicy>>;
  features?: Record<string, FeatureConfig>;
}

export const BUILT_IN_PROFILES = ["compat", "frontier", "balanced", "fast", "cheap"] as const;

/** The profile name reported for a concrete `provider/model`; reserved, so no profile may use it. */
export const DIRECT_PROFILE = "direct";
