import {
  AnswerRejected, countsAsFailure, GatewayError, providerSettings, RouteFailure, selectCandidates, UpstreamError,
  type AttemptRecord, type BreakerOutcome, type BreakerScope, type Candidate, type ProfileConfig, type ProviderId, type RoutePlan, type RouteResult,
  type Selection,
} from "@chorus/core";
import type { RequestScope } from "../request/request-scope.ts";
import type { RouteTracker, ServedEnd } from "../request/route-tracker.ts";
import type { KeyChoice } from "../upstream/upstream-keys.ts";
import { breakerMemo } from "./breaker-memo.ts";
import { reportOutcomes } from "./breaker-reports.ts";
import { keyBreakerName, providerBreakerName } from "./breaker-names.ts";
import { candidateView, isProbeDue, type CandidateBreakers } from "./candidate-view.ts";
import { keyFingerprint } from "./key-fingerprint.ts";

/** What health needs of a request. */
type HealthScope = Pick<RequestScope, "env" | "config" | "later" | "warn">;

function profileOf(c: HealthScope, plan: RoutePlan, purpose: "chat" | "embeddings"): ProfileConfig | undefined {
  const profiles = purpose === "chat" ? c.config.profiles.profiles : c.config.profiles.embeddings?.profiles;
  return profiles && Object.hasOwn(profiles, plan.profile) ? profiles[plan.profile] : undefined;
}

function noCandidate(selection: Selection, now: number): GatewayError {
  const labels = (selection.plan.skipped ?? []).map((record) => `${record.provider}:${record.reason}`).join(", ");
  const retryAfterSeconds = selection.retryAt === undefined ? undefined : Math.max(1, Math.ceil((selection.retryAt - now) / 1000));
  return new GatewayError({
    status: 503, code: "no_candidate_available", retryAfterSeconds,
    message: `No candidate can serve this request right now (${labels}): circuits open after upstream failures, keys cooling down, or daily token budgets spent.`,
  });
}

/** The attempt that produced the served answer: the last ok (or served refusal) at the served candidate. */
function servedIndex(result: RouteResult<unknown>): number {
  const { provider, model } = result.candidate;
  return result.attempts.findLastIndex((attempt) =>
    attempt.provider === provider && attempt.model === model && (attempt.outcome === "ok" || attempt.outcome === "content_filter"));
}

/** An attempt as its breakers record it; none for a hedge leg stopped for the winner, which says nothing of its provider. */
function outcomeOf(attempt: AttemptRecord): BreakerOutcome | undefined {
  if (attempt.outcome === "hedge_lost") return undefined;
  const outcome: BreakerOutcome = { kind: attempt.outcome, model: attempt.model, latencyMs: attempt.latencyMs, at: attempt.startedAt + attempt.latencyMs };
  if (attempt.status !== undefined) outcome.status = attempt.status;
  if (attempt.retryAfterMs !== undefined) outcome.retryAfterMs = attempt.retryAfterMs;
  return outcome;
}

function fetchSnapshot(c: HealthScope, name: string): Promise<void> {
  return c.env.BREAKER.getByName(name).snapshot().then((snapshot) => breakerMemo.fromSnapshot(name, snapshot, Date.now()));
}

/**
 * Makes sure the memo knows a breaker. The first requests of an isolate wait
 * for it (all breakers in parallel), so a new isolate never sends
 * traffic into an open circuit; later, an entry older than MEMO_FRESH_MS is
 * refreshed in the background while the request goes on with what it has.
 */
export async function know(c: HealthScope, name: string, now: number): Promise<void> {
  if (breakerMemo.get(name)) {
    if (breakerMemo.claimRefresh(name, now)) c.later("breaker refresh", fetchSnapshot(c, name));
    return;
  }
  // Not shared with concurrent requests: a promise tied to another request's I/O may die with that request.
  await fetchSnapshot(c, name).catch((error: unknown) => c.warn("breaker load", error));
}

/** Asks for a half-open permit; an unreachable breaker grants none, so its candidate stays skipped. */
async function acquire(c: HealthScope, name: string, permits: Map<string, string>): Promise<void> {
  try {
    const answer = await c.env.BREAKER.getByName(name).acquire({ leaseMs: c.config.breaker.leaseMs });
    breakerMemo.fromDecision(name, answer, Date.now());
    if (answer.permit) permits.set(name, answer.permit.id);
  } catch (error) {
    c.warn("breaker acquire", error);
  }
}

async function breakersOf(c: HealthScope, plan: RoutePlan, keys: KeyChoice | undefined): Promise<Map<ProviderId, CandidateBreakers>> {
  const breakers = new Map<ProviderId, CandidateBreakers>();
  for (const provider of new Set(plan.candidates.map((candidate) => candidate.provider))) {
    // A user's own key has its own key breaker: its 429s cool down that key only.
    const fingerprint = await keyFingerprint(keys ? keys.keyFor(provider) : providerSettings(c.env, provider).apiKey);
    breakers.set(provider, { provider: providerBreakerName(provider), key: keyBreakerName(provider, fingerprint) });
  }
  return breakers;
}

/**
 * Circuit breakers and provider health around one request. `select` filters
 * and orders the resolved plan from the isolate's memo, asking a Breaker only
 * for a half-open probe; every attempt's outcome is reported after the
 * response (`waitUntil`), those of a failed request too, and counts in the
 * isolate's memo at once.
 */
export class RouteHealth implements RouteTracker {
  /** The plan to route: breakers, budgets and latency applied, `reason` saying how. */
  readonly plan: RoutePlan;
  /** The profile served, if the plan came from one: its disclaimer applies to degraded answers. */
  readonly profile: ProfileConfig | undefined;
  readonly #c: HealthScope;
  readonly #breakers: ReadonlyMap<ProviderId, CandidateBreakers>;
  /** Breaker name -> the probe permit this request holds there, until reported or given back. */
  readonly #permits: Map<string, string>;
  /** Providers served with the user's own key: their tokens are not the platform's to budget. */
  readonly #own: ReadonlySet<ProviderId>;
  #served: AttemptRecord | undefined;

  private constructor(c: HealthScope, init: { plan: RoutePlan; profile: ProfileConfig | undefined; breakers: Map<ProviderId, CandidateBreakers>; permits: Map<string, string>; own: ReadonlySet<ProviderId> }) {
    this.#c = c;
    this.plan = init.plan;
    this.profile = init.profile;
    this.#breakers = init.breakers;
    this.#permits = init.permits;
    this.#own = init.own;
  }

  /**
   * Applies breakers and health to a resolved plan. A candidate the memo
   * calls closed costs nothing; one whose open period is over costs one
   * `acquire` (a half-open probe); a breaker this isolate has never heard of
   * costs one `snapshot`, once. Throws 503 `no_candidate_available` when
   * nothing is left. `keys`: the request's own keys (default: the platform's).
   */
  static async select(c: HealthScope, plan: RoutePlan, purpose: "chat" | "embeddings" = "chat", keys?: KeyChoice): Promise<RouteHealth> {
    const profile = profileOf(c, plan, purpose);
    const now = Date.now();
    const breakers = await breakersOf(c, plan, keys);
    const own = new Set([...breakers.keys()].filter((provider) => keys?.isOwn(provider)));
    await Promise.all([...breakers.values()].flatMap((names) => [names.provider, names.key]).map((name) => know(c, name, now)));

    const policy = { latencyTargetMs: profile?.latencyTargetMs, providers: c.config.profiles.providers };
    const permits = new Map<string, string>();
    const view = (candidate: Candidate) => {
      const seen = candidateView({ candidate, breakers: breakers.get(candidate.provider)!, entry: (name) => breakerMemo.get(name), permits, now });
      // The platform's daily token budget limits the platform's key, not a key the user pays for.
      if (own.has(candidate.provider)) delete seen.tokensToday;
      return seen;
    };
    let selection = selectCandidates(plan, view, policy);
    if (selection.probesDue.length > 0) {
      // A candidate may wait on its provider's circuit, its key's cooldown or both: one permit from each that is due.
      const names = selection.probesDue.flatMap((candidate) => Object.values(breakers.get(candidate.provider)!));
      await Promise.all(names.filter((name) => isProbeDue(breakerMemo.get(name), now)).map((name) => acquire(c, name, permits)));
      selection = selectCandidates(plan, view, policy);
    }
    const health = new RouteHealth(c, { plan: selection.plan, profile, breakers, permits, own });
    const kept = new Set(selection.plan.candidates.map((candidate) => candidate.provider));
    health.#release((provider) => !kept.has(provider));
    if (selection.plan.candidates.length === 0) throw noCandidate(selection, now);
    return health;
  }

  /**
   * Awaits the routing and reports its attempts: all of them when it failed;
   * when it succeeded, all of them to the keys' breakers (the served key
   * answered, whatever becomes of its stream) and all but the served one to
   * the providers' circuits (`finish` reports that one once its answer is
   * complete). Permits of candidates never tried go back.
   */
  async track<T>(routing: Promise<RouteResult<T>>): Promise<RouteResult<T>> {
    let result: RouteResult<T>;
    try {
      result = await routing;
    } catch (error) {
      // Answers turned down by a check were served upstream: their attempts are reported as they went.
      if (error instanceof RouteFailure || error instanceof AnswerRejected) this.#reportAttempts(error.attempts, -1);
      this.#release(() => true);
      throw error;
    }
    const served = servedIndex(result);
    this.#served = result.attempts[served];
    this.#reportAttempts(result.attempts, served);
    this.#release((provider) => provider !== this.#served?.provider);
    return result;
  }

  /** Reports the served attempt to its provider's circuit, now that its answer is complete (a stream: ended or broken). Once. */
  finish(end: ServedEnd = {}): void {
    const attempt = this.#served;
    this.#served = undefined;
    const outcome = attempt && outcomeOf(attempt);
    if (!attempt || !outcome) return;
    if (end.error instanceof UpstreamError) outcome.kind = end.error.kind;
    if (end.streamed) {
      outcome.ttftMs = attempt.latencyMs;
      outcome.latencyMs = Date.now() - attempt.startedAt;
      outcome.at = Date.now();
    }
    if (end.tokens !== undefined && !this.#own.has(attempt.provider)) outcome.tokens = end.tokens;
    this.#report(attempt.provider, "provider", [outcome]);
    this.#release(() => true);
  }

  /** Reports attempts per provider, in order: every one to the key's breaker, all but `served` to the provider's circuit. */
  #reportAttempts(attempts: readonly AttemptRecord[], served: number): void {
    const byProvider = new Map<ProviderId, Record<BreakerScope, BreakerOutcome[]>>();
    attempts.forEach((attempt, index) => {
      const outcome = outcomeOf(attempt);
      if (!outcome) return;
      let outcomes = byProvider.get(attempt.provider);
      if (!outcomes) byProvider.set(attempt.provider, (outcomes = { provider: [], key: [] }));
      outcomes.key.push(outcome);
      if (index !== served) outcomes.provider.push(outcome);
    });
    for (const [provider, outcomes] of byProvider) {
      this.#report(provider, "provider", outcomes.provider);
      this.#report(provider, "key", outcomes.key);
    }
  }

  /**
   * Sends one request's outcomes at a provider to one of its breakers, the
   * first carrying the request's permit there if it holds one. The provider's
   * circuit gets every outcome (it keeps the health too); a key's breaker
   * only what concerns it: a probe, a failure of the key, or, while it is
   * not closed as this isolate knows it, a success that ends its cooldown.
   */
  #report(provider: ProviderId, scope: BreakerScope, outcomes: BreakerOutcome[]): void {
    const name = this.#breakers.get(provider)?.[scope];
    if (name === undefined || outcomes.length === 0) return;
    const permit = this.#permits.get(name);
    if (permit !== undefined) {
      this.#permits.delete(name);
      outcomes[0] = { ...outcomes[0]!, permit };
    }
    const cooling = (breakerMemo.get(name)?.state ?? "closed") !== "closed";
    if (scope === "key" && permit === undefined && !cooling && !outcomes.some((outcome) => countsAsFailure(outcome, "key"))) return;
    const policy = this.#c.config.breaker;
    for (const send of reportOutcomes(this.#c.env.BREAKER, name, outcomes, { scope, policy })) this.#c.later("breaker report", send);
  }

  /** Gives back the permits held for providers `which` selects: a probe that never ran must not wait out its lease. */
  #release(which: (provider: ProviderId) => boolean): void {
    for (const [provider, names] of this.#breakers) {
      if (!which(provider)) continue;
      for (const name of [names.provider, names.key]) {
        const permit = this.#permits.get(name);
        if (permit === undefined) continue;
        this.#permits.delete(name);
        const release = this.#c.env.BREAKER.getByName(name).release(permit).then((snapshot) => breakerMemo.fromSnapshot(name, snapshot, Date.now()));
        this.#c.later("breaker release", release);
      }
    }
  }
}
