import type { Candidate } from "./route-types.ts";

/** One profile: an intent mapped to candidates tried in order. */
export interface ProfileConfig {
  candidates: Candidate[];
  /** Overrides `CACHE_TTL_SECONDS` for answers of this profile; 0 = never cached. */
  cacheTtlSeconds?: number;
  description?: string;
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
}

export const BUILT_IN_PROFILES = ["compat", "frontier", "balanced", "fast", "cheap"] as const;

/** The profile name reported for a concrete `provider/model`; reserved, so no profile may use it. */
export const DIRECT_PROFILE = "direct";
