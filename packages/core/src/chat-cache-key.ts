import { cacheRequestFields } from "./cache-request-fields.ts";
import { canonicalJson } from "./canonical-json.ts";
import type { ChatRequest } from "./chat-types.ts";
import type { Candidate } from "./route-types.ts";
import { sha256Hex } from "./sha256-hex.ts";

/** Every exact-cache key starts with this; the version changes when the stored form does. */
export const CHAT_CACHE_KEY_PREFIX = "chat:v1:";

/** What answers a request: the profile (or `direct`) and its candidates, so editing a profile starts afresh. */
export interface CacheTarget {
  profile: string;
  candidates: readonly Pick<Candidate, "provider" | "model">[];
}

export interface ChatCacheKeyInput {
  request: ChatRequest;
  target: CacheTarget;
  /** The caller scope whose entries these are; absent for an entry shared by every caller. */
  scope?: string;
  /**
   * The feature (`x-chorus-feature`) whose rails shaped the answer: an answer
   * served under one feature's guardrails is never replayed under another's
   * or none, nor an unchecked one under a feature's.
   */
  feature?: string;
}

/** The fields of a key, before hashing: the semantic cache reuses them with one message blanked. */
export function cacheKeyMaterial(input: ChatCacheKeyInput): Record<string, unknown> {
  return {
    request: cacheRequestFields(input.request),
    target: { profile: input.target.profile, candidates: input.target.candidates.map(({ provider, model }) => `${provider}/${model}`) },
    scope: input.scope === undefined ? { shared: true } : { caller: input.scope },
    ...(input.feature !== undefined && { feature: input.feature }),
  };
}

/**
 * The exact-cache key of a chat request: `chat:v1:` + SHA-256 of its
 * normalised form (answer-deciding fields, target and scope as canonical JSON).
 */
export async function chatCacheKey(input: ChatCacheKeyInput): Promise<string> {
  return CHAT_CACHE_KEY_PREFIX + (await sha256Hex(canonicalJson(cacheKeyMaterial(input))));
}
