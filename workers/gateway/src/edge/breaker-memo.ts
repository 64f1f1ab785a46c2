import type { AcquireDecision, CircuitState } from "@chorus/core";
import type { BreakerSnapshot } from "../durable/breaker.ts";

/** An entry older than this is refreshed in the background (it is still used meanwhile). */
export const MEMO_FRESH_MS = 5_000;

/** What this isolate last heard from one Breaker object. */
export interface MemoEntry {
  state: CircuitState;
  /** Open: when it may be probed; half-open with a probe out: when that probe's lease ends. */
  openUntil?: number;
  p95Ms?: number;
  /** p95 per model, where the object has seen the model succeed. */
  modelP95: Record<string, number>;
  tokensToday: number;
  /** Today's tokens per answer that reported them; absent before the first. */
  tokensPerRequest?: number;
  /** The object's version of this state: an older answer arriving late never overwrites a newer one. */
  version: number;
  heardAt: number;
}

/**
 * Each Breaker's last known state and health, per isolate, so that the hot
 * path for a closed circuit asks no Durable Object. Fed by the answers to
 * `record` (every request reports after its response), by `acquire` answers
 * and, for entries older than MEMO_FRESH_MS, by one background `snapshot`.
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
    if (known && known.version > snapshot.version) return;
    const modelP95: Record<string, number> = {};
    for (const [model, health] of Object.entries(snapshot.perModel)) if (health.p95Ms !== undefined) modelP95[model] = health.p95Ms;
    const entry: MemoEntry = { state: snapshot.state, modelP95, tokensToday: snapshot.tokensToday, version: snapshot.version, heardAt: now };
    if (snapshot.openUntil !== undefined) entry.openUntil = snapshot.openUntil;
    if (snapshot.p95Ms !== undefined) entry.p95Ms = snapshot.p95Ms;
    if (snapshot.requestsToday > 0) entry.tokensPerRequest = snapshot.tokensToday / snapshot.requestsToday;
    this.#entries.set(name, entry);
  }

  /** An `acquire` answer changes the circuit's state only; health stays as last heard. */
  fromDecision(name: string, decision: AcquireDecision & { version: number }, now: number): void {
    const known = this.#entries.get(name);
    if (known && known.version > decision.version) return;
    const entry: MemoEntry = { ...(known ?? { modelP95: {}, tokensToday: 0 }), state: decision.state, version: decision.version, heardAt: now };
    // A probe this isolate holds keeps other requests here from asking again until its lease ends.
    const until = decision.openUntil ?? decision.permit?.expiresAt;
    if (until === undefined) delete entry.openUntil;
    else entry.openUntil = until;
    this.#entries.set(name, entry);
  }

  /** Forgets everything this isolate heard; for tests that start each case from fresh breakers. */
  clear(): void {
    this.#entries.clear();
    this.#refreshing.clear();
  }
}

/** The isolate's memo, shared by every request it serves. */
export const breakerMemo = new BreakerMemo();
