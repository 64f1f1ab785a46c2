import { applyBreakerOutcome, type AcquireDecision, type BreakerOutcome, type BreakerState, type CircuitState } from "@chorus/core";
import type { BreakerSnapshot, RecordSettings } from "../durable/breaker.ts";

/** An entry older than this is refreshed in the background (it is still used meanwhile). */
export const MEMO_FRESH_MS = 5_000;

/** What this isolate last heard from one Breaker object. */
export interface MemoEntry {
  state: CircuitState;
  /** Open: when it may be probed; half-open with a probe out: when that probe's lease ends. */
  openUntil?: number;
  /** Open: when it opened, if known; a recovery after it ends the open period. */
  openedAt?: number;
  p95Ms?: number;
  /** p95 per model, where the object has seen the model succeed. */
  modelP95: Record<string, number>;
  tokensToday: number;
  /** Today's tokens per answer that reported them; absent before the first. */
  tokensPerRequest?: number;
  /** Feature -> until when the provider ranks last for it (guardrail penalties; a provider's object only). */
  penalties?: Record<string, number>;
  /** The object's version of this state: an older answer arriving late never overwrites a newer one. */
  version: number;
  heardAt: number;
  /**
   * When this isolate last applied an outcome it reported (`learn`), ahead of
   * the object's answer: until MEMO_FRESH_MS later, an answer of the same
   * version predates that outcome and does not overwrite it.
   */
  learnedAt?: number;
}

/**
 * The circuit as far as an entry knows it (no failure counts: those stay the
 * object's). `permit`: the one the reporting request holds, granted here.
 */
function circuitOf(entry: MemoEntry, permit: string | undefined): BreakerState {
  if (entry.state === "closed") return { state: "closed", failures: [] };
  // Not knowing when it opened, no recovery may end it here: the object decides.
  if (entry.state === "open") return { state: "open", openedAt: entry.openedAt ?? Number.POSITIVE_INFINITY, openUntil: entry.openUntil ?? 0 };
  if (entry.openUntil === undefined && permit === undefined) return { state: "half_open" };
  // A probe is out until `openUntil`: this request's, or another's (an id no report carries).
  return { state: "half_open", permit: { id: permit ?? "", expiresAt: entry.openUntil ?? Number.POSITIVE_INFINITY } };
}

/** `entry` with the circuit's state set to `circuit`, health as it was. */
function withCircuit(entry: MemoEntry, circuit: BreakerState): MemoEntry {
  const next: MemoEntry = { ...entry, state: circuit.state };
  delete next.openUntil;
  delete next.openedAt;
  if (circuit.state === "open") {
    next.openUntil = circuit.openUntil;
    next.openedAt = circuit.openedAt;
  } else if (circuit.state === "half_open" && circuit.permit) {
    next.openUntil = circuit.permit.expiresAt;
  }
  return next;
}

/** Both sets of penalties, the later end of each: a penalty only ever grows, so an answer older than one this isolate heard never shortens it. */
function mergedPenalties(known: Record<string, number> | undefined, heard: Record<string, number>): Record<string, number> {
  const merged = { ...known };
  for (const [feature, until] of Object.entries(heard)) if (until > (merged[feature] ?? 0)) merged[feature] = until;
  return merged;
}

/**
 * Each Breaker's last known state and health (and a provider's guardrail
 * penalties), per isolate, so that the hot path for a closed circuit asks no
 * Durable Object. Fed by the answers to
 * `recordMany` (every request reports after its response), by `acquire`
 * answers and, for entries older than MEMO_FRESH_MS, by one background
 * `snapshot`; and by the isolate's own reports as they are made (`learn`),
 * so a probe's outcome or a key's recovery counts here at once
 * (`learnPenalty`: a violation too).
 */
export class BreakerMemo {
  readonly #entries = new Map<string, MemoEntry>();
  /** Names with a background refresh under way, until when; so an isolate sends one at a time. */
  readonly #refreshing = new Map<string, number>();

  get(name: string): MemoEntry | undefined {
    return this.#entries.get(name);
  }

  /** True (and marks it under way) when `name` is unknown or stale and no refresh of it is running. */
  claimRefresh(name: string, now: number): boolean {
    const entry = this.#entries.get(name);
    if (entry && now - entry.heardAt < MEMO_FRESH_MS) return false;
    if ((this.#refreshing.get(name) ?? 0) > now) return false;
    this.#refreshing.set(name, now + MEMO_FRESH_MS);
    return true;
  }

  fromSnapshot(name: string, snapshot: BreakerSnapshot, now: number): void {
    this.#refreshing.delete(name);
    const known = this.#entries.get(name);
    const penalties = mergedPenalties(known?.penalties, snapshot.guardrailPenalties);
    if (known && this.#knowsNewer(name, snapshot.version, now)) {
      known.penalties = penalties;
      return;
    }
    const modelP95: Record<string, number> = {};
    for (const [model, health] of Object.entries(snapshot.perModel)) if (health.p95Ms !== undefined) modelP95[model] = health.p95Ms;
    const entry: MemoEntry = { state: snapshot.state, modelP95, tokensToday: snapshot.tokensToday, penalties, version: snapshot.version, heardAt: now };
    if (snapshot.openUntil !== undefined) entry.openUntil = snapshot.openUntil;
    if (snapshot.openedAt !== undefined) entry.openedAt = snapshot.openedAt;
    if (snapshot.p95Ms !== undefined) entry.p95Ms = snapshot.p95Ms;
    if (snapshot.requestsToday > 0) entry.tokensPerRequest = snapshot.tokensToday / snapshot.requestsToday;
    this.#entries.set(name, entry);
  }

  /** An `acquire` answer changes the circuit's state only; health stays as last heard. */
  fromDecision(name: string, decision: AcquireDecision & { version: number }, now: number): void {
    if (this.#knowsNewer(name, decision.version, now)) return;
    const known = this.#entries.get(name);
    const entry: MemoEntry = { ...(known ?? { modelP95: {}, tokensToday: 0 }), state: decision.state, version: decision.version, heardAt: now };
    delete entry.openedAt;
    delete entry.learnedAt;
    // A probe this isolate holds keeps other requests here from asking again until its lease ends.
    const until = decision.openUntil ?? decision.permit?.expiresAt;
    if (until === undefined) delete entry.openUntil;
    else entry.openUntil = until;
    this.#entries.set(name, entry);
  }

  /**
   * Applies an outcome this isolate is reporting to `name` to what it knows,
   * with the object's own rules, before the object answers. Nothing for a
   * breaker it has not heard of: an unknown one is loaded before it is used.
   */
  learn(name: string, outcome: BreakerOutcome, settings: Pick<RecordSettings, "scope" | "policy">, now: number): void {
    const known = this.#entries.get(name);
    if (!known) return;
    const next = withCircuit(known, applyBreakerOutcome(circuitOf(known, outcome.permit), outcome, { scope: settings.scope, policy: settings.policy, now }));
    if (next.state === known.state && next.openUntil === known.openUntil && next.openedAt === known.openedAt) return;
    this.#entries.set(name, { ...next, learnedAt: now });
  }

  /** A guardrail penalty this isolate is reporting to `name`, counted here before the object answers; nothing for a breaker not yet heard of. */
  learnPenalty(name: string, feature: string, until: number): void {
    const known = this.#entries.get(name);
    if (known) known.penalties = mergedPenalties(known.penalties, { [feature]: until });
  }

  /** Until when the provider of `name` ranks last for `feature`, as last heard. */
  penaltyUntil(name: string, feature: string): number | undefined {
    const penalties = this.#entries.get(name)?.penalties;
    return penalties && Object.hasOwn(penalties, feature) ? penalties[feature] : undefined;
  }

  /** Whether what is held for `name` is newer than an answer of `version`. */
  #knowsNewer(name: string, version: number, now: number): boolean {
    const known = this.#entries.get(name);
    if (!known) return false;
    if (known.version !== version) return known.version > version;
    return known.learnedAt !== undefined && now - known.learnedAt < MEMO_FRESH_MS;
  }

  /** Forgets everything this isolate heard; for tests that start each case from fresh breakers. */
  clear(): void {
    this.#entries.clear();
    this.#refreshing.clear();
  }
}

/** The isolate's memo, shared by every request it serves. */
export const breakerMemo = new BreakerMemo();
