import type { ProviderId } from "../chat-types.ts";
import type { ProviderPolicy } from "../profiles-config.ts";
import type { Candidate, RoutePlan, SkippedCandidate } from "../route-types.ts";

/** What the breakers and health say of one candidate, as the gateway last heard. */
export interface CandidateView {
  /**
   * `closed`: send as usual. `open`: skip. `probe_due`: its open period is
   * over, so a half-open permit must be asked for before it may be tried.
   * `probe`: this request holds that permit.
   */
  admission: "closed" | "open" | "probe_due" | "probe";
  /**
   * Why a candidate that is not `closed` is skipped when it is: `circuit_open`
   * and `circuit_half_open` (the provider's circuit, another request probing
   * it), `cooldown` (the key's). Unless told, `circuit_open` for `open`,
   * `circuit_half_open` otherwise.
   */
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
  /**
   * The candidates to try, in order, with `reason` saying what selection did
   * and `skipped` the candidates it left out, with why (the view's label, or
   * `budget`).
   */
  plan: RoutePlan;
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
  const skipped: SkippedCandidate[] = [];
  const probesDue: Candidate[] = [];
  const probing = new Set<ProviderId>();
  let retryAt: number | undefined;
  const skip = (candidate: Candidate, reason: string) => skipped.push({ provider: candidate.provider, reason, position: kept.length });

  for (const candidate of ordered) {
    const seen = views.get(candidate)!;
    if (seen.admission === "open") {
      skip(candidate, seen.label ?? "circuit_open");
      if (seen.openUntil !== undefined) retryAt = Math.min(retryAt ?? Infinity, seen.openUntil);
    } else if (overBudget(candidate, seen, policy)) {
      skip(candidate, "budget");
    } else if (seen.admission === "closed") {
      kept.push(candidate);
    } else if (kept.length > 0 || probing.has(candidate.provider)) {
      skip(candidate, seen.label ?? "circuit_half_open");
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
  const selected: RoutePlan = { ...plan, candidates: kept, reason: notes.join("; ") };
  if (skipped.length > 0) selected.skipped = skipped;
  const selection: Selection = { plan: selected, probesDue };
  if (retryAt !== undefined) selection.retryAt = retryAt;
  return selection;
}
