import type { ProviderId } from "../chat-types.ts";
import type { ProviderPolicy } from "../profiles-config.ts";
import type { Candidate, FallbackRecord, RoutePlan } from "../route-types.ts";

/** What the breakers and health say of one candidate, as the gateway last heard. */
export interface CandidateView {
  /**
   * `closed`: send as usual. `open`: skip. `probe_due`: its open period is
   * over, so a half-open permit must be asked for before it may be tried.
   * `probe`: this request holds that permit.
   */
  admission: "closed" | "open" | "probe_due" | "probe";
  /** Why a skipped candidate was skipped (`open`, `half_open`, `cooldown`); `open` unless told. */
  label?: string;
  /** When an `open` candidate may be tried again. */
  openUntil?: number;
  /** Observed p95 latency of this model (or its provider), if any. */
  p95Ms?: number;
  /** Tokens the provider used today, and per request on average, for budgets. */
  tokensToday?: number;
  tokensPerRequest?: number;
}

export interface SelectionPolicy {
  /** The profile's `latencyTargetMs`. */
  latencyTargetMs?: number;
  /** `ProfilesConfig.providers`: daily token budgets. */
  providers?: Partial<Record<ProviderId, ProviderPolicy>>;
}

export interface Selection {
  /** The candidates to try, in order, with `reason` saying what selection did. */
  plan: RoutePlan;
  /** Candidates left out, with why (`open`, `half_open`, `cooldown`, `budget`). */
  skipped: FallbackRecord[];
  /**
   * `probe_due` candidates no usable candidate comes before: ask for their
   * permits, then select again with the answers. Left out of `plan` meanwhile.
   */
  probesDue: Candidate[];
  /** When the earliest skipped-as-open candidate may be tried again. */
  retryAt?: number;
}

/** A candidate's share of its provider's budget, if this request would take it over. */
function overBudget(candidate: Candidate, view: CandidateView, policy: SelectionPolicy): boolean {
  const budget = policy.providers?.[candidate.provider]?.dailyTokenBudget;
  if (budget === undefined) return false;
  return (view.tokensToday ?? 0) + (view.tokensPerRequest ?? 0) > budget;
}

/**
 * Stable partition: candidates whose p95 meets the target first. A candidate
 * with no observations counts as meeting it, or it would never be measured.
 */
function byLatency(candidates: readonly Candidate[], views: Map<Candidate, CandidateView>, targetMs: number | undefined): Candidate[] {
  if (targetMs === undefined) return [...candidates];
  const meets = (candidate: Candidate) => (views.get(candidate)?.p95Ms ?? 0) <= targetMs;
  return [...candidates.filter(meets), ...candidates.filter((candidate) => !meets(candidate))];
}

/**
 * Filters and orders a resolved plan by what the breakers and health say:
 * skips open circuits and key cooldowns, providers projected over their daily
 * token budget (today's tokens plus an average request), and puts candidates
 * meeting the profile's latency target first. Half-open candidates become
 * probes only where nothing usable precedes them (a probe is then the request's
 * first choice, and one per provider), so an unused permit is rare.
 */
export function selectCandidates(plan: RoutePlan, view: (candidate: Candidate) => CandidateView, policy: SelectionPolicy): Selection {
  const views = new Map(plan.candidates.map((candidate) => [candidate, view(candidate)] as const));
  const ordered = byLatency(plan.candidates, views, policy.latencyTargetMs);
  const reordered = ordered.some((candidate, index) => candidate !== plan.candidates[index]);
  const kept: Candidate[] = [];
  const skipped: FallbackRecord[] = [];
  const probesDue: Candidate[] = [];
  const probing = new Set<ProviderId>();
  let retryAt: number | undefined;
  const skip = (candidate: Candidate, reason: string) => skipped.push({ provider: candidate.provider, reason });

  for (const candidate of ordered) {
    const seen = views.get(candidate)!;
    if (seen.admission === "open") {
      skip(candidate, seen.label ?? "open");
      if (seen.openUntil !== undefined) retryAt = Math.min(retryAt ?? Infinity, seen.openUntil);
    } else if (overBudget(candidate, seen, policy)) {
      skip(candidate, "budget");
    } else if (seen.admission === "closed") {
      kept.push(candidate);
    } else if (kept.length > 0 || probing.has(candidate.provider)) {
      skip(candidate, "half_open");
    } else if (seen.admission === "probe_due") {
      probing.add(candidate.provider);
      probesDue.push(candidate);
    } else {
      probing.add(candidate.provider);
      kept.push({ ...candidate, maxAttempts: 1 });
    }
  }

  const notes = [plan.reason];
  if (skipped.length > 0) notes.push(`skip=${skipped.map((record) => `${record.provider}:${record.reason}`).join(",")}`);
  if (reordered) notes.push(`latency<=${policy.latencyTargetMs}ms`);
  const selection: Selection = { plan: { ...plan, candidates: kept, reason: notes.join("; ") }, skipped, probesDue };
  if (retryAt !== undefined) selection.retryAt = retryAt;
  return selection;
}
