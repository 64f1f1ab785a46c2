import { LEASE_MAX_PERMITS, LEASE_USE_BY_MS, periodAt, type AdmissionRefusal, type Clock, type PlanLimits } from "@chorus/core";
import type { GrantRequest, LeaseAnswer, LeaseInput, LeaseReport, Pool, VersionedState } from "../durable/user-quota-types.ts";
import { HeldLease } from "./held-lease.ts";

/** Settlements wait this long for more before they are sent, once no request has ended for that long... */
export const SETTLE_QUIET_MS = 20;
/** ...and never longer than this after the first of them: how late the object (and other isolates) hear of tokens. */
export const SETTLE_MAX_WAIT_MS = 100;
/** A request waits this long at most for a lease, then is answered 503 (the object did not answer). */
export const LEASE_WAIT_MS = 10_000;
/** A call in flight this long is taken for lost with the request that made it: another may start. */
const CALL_LOST_MS = 10_000;
/** Permits asked ahead with a pool's first lease, before the isolate knows how fast it takes them. */
const FIRST_AHEAD = 4;

/** Keeps work running after the response: the request's `waitUntil`. */
export type KeepAlive = (work: Promise<unknown>) => void;

/** What the object needs to know of a pool's limits besides its own counts. */
export interface PoolTerms {
  limits?: PlanLimits;
  rateLimitedElsewhere?: boolean;
}

type Outcome =
  | { kind: "lease"; lease: HeldLease }
  | { kind: "refused"; refusal: AdmissionRefusal }
  | { kind: "retry" }
  | { kind: "failed"; error: unknown };

interface Waiter {
  pool: Pool;
  /** The call that asked for it, once one did. */
  round: number | undefined;
  wake: (outcome: Outcome) => void;
}

export interface UserLeasesOptions {
  /** The `lease` call to the user's object (the stub is got per call: a stub belongs to the request that made it). */
  call: (input: LeaseInput) => Promise<LeaseAnswer>;
  clock: Clock;
  /** Every answer carries the user's state. */
  onState: (state: VersionedState) => void;
  /** A call that failed; the requests waiting on it are refused with the error too. */
  onError: (error: unknown) => void;
  /** Called when a call or a batch ends and nothing is held, owed or awaited any more. */
  onIdle: () => void;
}

/**
 * One user's leases in this isolate. A request takes a permit from a lease
 * held here, with no call; the next lease is asked for in the background
 * before the permits run out (when half are taken, or half its use-by has
 * passed), so a busy caller never waits. With none left, requests wait for
 * one call that asks for all of them. How requests ended is sent in batches
 * after the responses, on the same call as a lease when one is going.
 *
 * One call at a time per user. Every call is made from a request that needs
 * it (a waiting request, a request that took a permit, a request that
 * ended) and kept alive by that request's `waitUntil`; a request waiting on
 * another's call is woken through a promise of its own (a promise of another
 * request may die with it).
 */
export class UserLeases {
  readonly #options: UserLeasesOptions;
  #leases: HeldLease[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #terms = new Map<Pool, PoolTerms>();
  readonly #renew = new Set<Pool>();
  /** Pools whose last lease came with permits ahead: worth renewing in the background. */
  readonly #ahead = new Set<Pool>();
  /** The tokens the object had counted today, as last heard. */
  #heard: { day: string; tokens: number } | undefined;
  #calling: { round: number; since: number } | undefined;
  #round = 0;
  #lastTakenAt = Number.NEGATIVE_INFINITY;
  /** Settlements not sent yet, from when the first and the last arrived. */
  #batch: { firstAt: number; lastAt: number } | undefined;

  constructor(options: UserLeasesOptions) {
    this.#options = options;
  }

  /** Nothing held, owed or awaited: the isolate may forget this user. */
  get idle(): boolean {
    return this.#leases.length === 0 && this.#waiters.length === 0 && !this.#batch && !this.#calling;
  }

  /** Platform tokens today as far as this isolate knows: the object's count when it last answered, plus answers here since. */
  tokensKnown(now: number): number {
    const day = periodAt(now, "daily").key;
    let tokens = this.#heard?.day === day ? this.#heard.tokens : 0;
    for (const lease of this.#leases) if (lease.pool === "platform" && lease.day === day) tokens += lease.unackedTokens;
    return tokens;
  }

  /** A permit of `pool` for one request: from a lease held here, else from the next one the object grants (or its refusal). */
  async acquire(pool: Pool, terms: PoolTerms, keepAlive: KeepAlive): Promise<HeldLease | AdmissionRefusal> {
    this.#terms.set(pool, terms);
    return this.#take(pool, keepAlive) ?? this.#wait(pool, keepAlive);
  }

  /** A lease held here has a permit `pool`'s next request may take, with no call. */
  holds(pool: Pool, now: number): boolean {
    return this.#leases.some((lease) => lease.pool === pool && lease.usable(now));
  }

  /**
   * The reports the next call would send, the permits past their use-by
   * given back first as that call does, for a call that asks what the next
   * request would meet (`QuotaLeases.standing`): reports are running totals,
   * so sending them on two calls changes nothing twice.
   */
  reportsDue(now: number): LeaseReport[] {
    for (const lease of this.#leases) if (now >= lease.useBy) lease.returnUnused();
    return this.#leases.filter((lease) => lease.dirty).map((lease) => lease.report());
  }

  /** The object's answer to reports sent with `reportsDue`. */
  acknowledge(reports: readonly LeaseReport[], tokens: { day: string; tokens: number }): void {
    for (const report of reports) this.#leases.find((lease) => lease.id === report.lease)?.acknowledge(report);
    this.#heard = tokens;
    this.#leases = this.#leases.filter((lease) => !lease.done);
  }

  /** How a request admitted with `lease` ended; sent with the next call, at the latest SETTLE_MAX_WAIT_MS from now. */
  settle(lease: HeldLease, served: boolean, tokens: number, keepAlive: KeepAlive): void {
    lease.settle(served, tokens);
    const now = this.#options.clock.now();
    if (this.#batch) {
      this.#batch.lastAt = now;
      return;
    }
    this.#batch = { firstAt: now, lastAt: now };
    keepAlive(this.#flushLater());
  }

  /** Gives back every permit not taken and tells the object at once (the user's settings changed: the next request is admitted under the new ones). */
  async returnUnused(): Promise<void> {
    for (const lease of this.#leases) lease.returnUnused();
    const { clock } = this.#options;
    while (this.#callInFlight(clock.now())) await clock.sleep(SETTLE_QUIET_MS);
    await this.#call(clock.now());
  }

  #take(pool: Pool, keepAlive: KeepAlive): HeldLease | undefined {
    const now = this.#options.clock.now();
    const lease = this.#leases.find((held) => held.pool === pool && held.usable(now));
    if (!lease) return undefined;
    lease.take();
    this.#lastTakenAt = now;
    this.#renewIfDue(pool, now, keepAlive);
    return lease;
  }

  /** Asks for the next lease in the background once it is due. */
  #renewIfDue(pool: Pool, now: number, keepAlive: KeepAlive): void {
    if (!this.#renewalDue(pool, now)) return;
    this.#renew.add(pool);
    const sending = this.#call(now);
    if (sending) keepAlive(sending);
  }

  /** The pool's last lease came with permits ahead, and half the permits held are taken or half the newest lease's use-by has passed. */
  #renewalDue(pool: Pool, now: number): boolean {
    if (!this.#ahead.has(pool)) return false;
    const held = this.#leases.filter((lease) => lease.pool === pool && lease.usable(now));
    const newest = held.at(-1);
    if (!newest) return true;
    const left = held.reduce((sum, lease) => sum + lease.left, 0);
    return left <= newest.permits / 2 || newest.useBy - now <= LEASE_USE_BY_MS / 2;
  }

  async #wait(pool: Pool, keepAlive: KeepAlive): Promise<HeldLease | AdmissionRefusal> {
    const { clock } = this.#options;
    for (;;) {
      let wake!: (outcome: Outcome) => void;
      const woken = new Promise<Outcome>((resolve) => (wake = resolve));
      const waiter: Waiter = { pool, round: undefined, wake };
      this.#waiters.push(waiter);
      const sending = this.#call(clock.now());
      if (sending) keepAlive(sending);
      const cancel = clock.timer(LEASE_WAIT_MS, () => {
        if (this.#remove(waiter)) wake({ kind: "failed", error: new Error(`no lease from the user's quota object within ${LEASE_WAIT_MS} ms`) });
      });
      const outcome = await woken;
      cancel();
      if (outcome.kind === "lease") return outcome.lease;
      if (outcome.kind === "refused") return outcome.refusal;
      if (outcome.kind === "failed") throw outcome.error;
      const lease = this.#take(pool, keepAlive);
      if (lease) return lease;
    }
  }

  /** Sends what waits (reports, and a grant per pool with requests waiting or due for renewal), unless a call is in flight. */
  #call(now: number, options: { returnUnused?: boolean } = {}): Promise<void> | undefined {
    if (this.#callInFlight(now)) return undefined;
    for (const lease of this.#leases) if (options.returnUnused || now >= lease.useBy) lease.returnUnused();
    const round = ++this.#round;
    const settle = this.#leases.filter((lease) => lease.dirty).map((lease) => lease.report());
    const grant: GrantRequest[] = [];
    // A renewal asked for while a call was in flight goes now if it is still due; none when the caller went quiet.
    const renewals = options.returnUnused ? [] : [...this.#renew].filter((pool) => this.#renewalDue(pool, now));
    this.#renew.clear();
    const pools = new Set([...renewals, ...this.#waiters.filter((waiter) => waiter.round === undefined).map((waiter) => waiter.pool)]);
    for (const pool of pools) {
      const waiting = this.#waiters.filter((waiter) => waiter.pool === pool && waiter.round === undefined);
      for (const waiter of waiting) waiter.round = round;
      grant.push({ pool, want: waiting.length, ahead: pool === "sample" ? 0 : this.#aheadFor(pool, now), ...this.#terms.get(pool) });
    }
    if (settle.length === 0 && grant.length === 0) return undefined;
    this.#calling = { round, since: now };
    return this.#send(round, { now, settle, grant });
  }

  #callInFlight(now: number): boolean {
    return this.#calling !== undefined && now - this.#calling.since < CALL_LOST_MS;
  }

  /** Permits to ask ahead: what this isolate would take in one use-by at the pace it took the pool's newest lease (4 to 64). */
  #aheadFor(pool: Pool, now: number): number {
    const newest = this.#leases.findLast((lease) => lease.pool === pool);
    if (!newest || newest.taken === 0) return FIRST_AHEAD;
    const elapsed = Math.max(100, now - (newest.useBy - LEASE_USE_BY_MS));
    return Math.min(LEASE_MAX_PERMITS, Math.max(FIRST_AHEAD, Math.ceil((newest.taken * LEASE_USE_BY_MS) / elapsed)));
  }

  async #send(round: number, input: LeaseInput): Promise<void> {
    let answer: LeaseAnswer;
    try {
      answer = await this.#options.call(input);
    } catch (error) {
      if (this.#calling?.round === round) this.#calling = undefined;
      // The reports stay unacknowledged, so the next call sends them again.
      for (const waiter of this.#waiters.splice(0)) waiter.wake({ kind: "failed", error });
      this.#options.onError(error);
      if (this.idle) this.#options.onIdle();
      return;
    }
    if (this.#calling?.round === round) this.#calling = undefined;
    this.#apply(round, input, answer);
    if (this.idle) this.#options.onIdle();
  }

  #apply(round: number, input: LeaseInput, answer: LeaseAnswer): void {
    this.acknowledge(input.settle, answer.tokens);
    this.#options.onState(answer.state);
    answer.grants.forEach((granted, index) => {
      const { pool } = granted;
      const lease = granted.lease && new HeldLease(pool, granted.lease);
      if (lease) this.#leases.push(lease);
      if (lease && lease.permits > input.grant[index]!.want) this.#ahead.add(pool);
      else this.#ahead.delete(pool);
      // The requests this call asked for first, then those that came meanwhile.
      const waiting = this.#waiters.filter((waiter) => waiter.pool === pool);
      waiting.sort((a, b) => Number(b.round === round) - Number(a.round === round));
      for (const waiter of waiting) {
        if (lease && lease.left > 0) {
          lease.take();
          this.#remove(waiter);
          waiter.wake({ kind: "lease", lease });
        } else if (waiter.round === round && granted.refusal) {
          this.#remove(waiter);
          waiter.wake({ kind: "refused", refusal: granted.refusal });
        }
      }
    });
    this.#leases = this.#leases.filter((lease) => !lease.done);
    // Requests still waiting are asked for by the next call, which one of them makes from its own request.
    for (const waiter of this.#waiters) waiter.round = undefined;
    const next = this.#waiters.shift();
    next?.wake({ kind: "retry" });
  }

  /**
   * Sends the settlements once no request has ended for SETTLE_QUIET_MS, or
   * SETTLE_MAX_WAIT_MS after the first. A caller that has nothing in flight
   * and took no permit for SETTLE_QUIET_MS has gone quiet: its unused
   * permits go back with them (or, if it was busy then, as soon as it goes
   * quiet), so no other isolate waits for their use-by.
   */
  async #flushLater(): Promise<void> {
    const { clock } = this.#options;
    for (;;) {
      const batch = this.#batch!;
      const now = clock.now();
      const wait = Math.min(batch.lastAt + SETTLE_QUIET_MS, batch.firstAt + SETTLE_MAX_WAIT_MS) - now;
      if (wait > 0) {
        await clock.sleep(wait);
        continue;
      }
      if (this.#callInFlight(now)) {
        // Sent after the call in flight, by this request still.
        await clock.sleep(SETTLE_QUIET_MS);
        continue;
      }
      this.#batch = undefined;
      const quiet = this.#quiet(now);
      await this.#call(now, { returnUnused: quiet });
      if (!quiet) await this.#returnWhenQuiet();
      return;
    }
  }

  /** After a flush while the caller was busy: the unused permits go back once it is quiet, unless a request in flight or a new batch will see to it. */
  async #returnWhenQuiet(): Promise<void> {
    const { clock } = this.#options;
    for (;;) {
      if (this.#batch || this.#anyInFlight() || !this.#leases.some((lease) => lease.left > 0)) return;
      const now = clock.now();
      const wait = this.#lastTakenAt + SETTLE_QUIET_MS - now;
      if (wait > 0 || this.#callInFlight(now)) {
        await clock.sleep(wait > 0 ? wait : SETTLE_QUIET_MS);
        continue;
      }
      await this.#call(now, { returnUnused: true });
      return;
    }
  }

  #quiet(now: number): boolean {
    return now - this.#lastTakenAt >= SETTLE_QUIET_MS && !this.#anyInFlight();
  }

  /** Some request admitted here has not settled yet. */
  #anyInFlight(): boolean {
    return this.#leases.some((lease) => lease.inFlight > 0);
  }

  #remove(waiter: Waiter): boolean {
    const index = this.#waiters.indexOf(waiter);
    if (index < 0) return false;
    this.#waiters.splice(index, 1);
    return true;
  }
}
