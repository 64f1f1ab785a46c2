import type { ProviderId } from "../chat-types.ts";
import type { Candidate } from "../route-types.ts";

/**
 * `candidates` with those of providers under a guardrail penalty (their
 * answers lately broke the feature's rails) moved behind the others, each
 * group in its order; the same array when none is.
 */
export function rankPenalized<C extends Candidate>(candidates: readonly C[], isPenalized: (provider: ProviderId) => boolean): readonly C[] {
  const penalized = candidates.filter((candidate) => isPenalized(candidate.provider));
  if (penalized.length === 0) return candidates;
  return [...candidates.filter((candidate) => !penalized.includes(candidate)), ...penalized];
}
