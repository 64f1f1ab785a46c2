import type { Lease, LeaseReport, Pool } from "../durable/user-quota-types.ts";

type Totals = Omit<LeaseReport, "lease">;

/**
 * One lease as an isolate holds it: permits taken by requests, how those
 * ended, those given back, and how much of that the user's object has
 * acknowledged. Reports are running totals, so one that is lost is made
 * good by the next.
 */
export class HeldLease {
  readonly id: string;
  readonly pool: Pool;
  readonly permits: number;
  readonly useBy: number;
  readonly day: string;
  #taken = 0;
  readonly #totals: Totals = { served: 0, unserved: 0, returned: 0, tokens: 0 };
  #acked: Totals = { served: 0, unserved: 0, returned: 0, tokens: 0 };

  constructor(pool: Pool, lease: Lease) {
    this.id = lease.id;
    this.pool = pool;
    this.permits = lease.permits;
    this.useBy = lease.useBy;
    this.day = lease.day;
  }

  /** Permits neither taken nor given back. */
  get left(): number {
    return this.permits - this.#taken - this.#totals.returned;
  }

  get taken(): number {
    return this.#taken;
  }

  /** Taken by requests that have not settled yet. */
  get inFlight(): number {
    return this.#taken - this.#totals.served - this.#totals.unserved;
  }

  usable(now: number): boolean {
    return this.left > 0 && now < this.useBy;
  }

  take(): void {
    if (this.left <= 0) throw new Error("HeldLease.take: no permit left");
    this.#taken++;
  }

  /** How one request admitted with this lease ended. */
  settle(served: boolean, tokens: number): void {
    if (served) {
      this.#totals.served++;
      this.#totals.tokens += tokens;
    } else {
      this.#totals.unserved++;
    }
  }

  /** Gives back the permits not taken: the lease admits no more. */
  returnUnused(): void {
    this.#totals.returned += this.left;
  }

  /** Tokens counted here that the object has not acknowledged yet. */
  get unackedTokens(): number {
    return this.#totals.tokens - this.#acked.tokens;
  }

  /** Something happened that the object has not acknowledged. */
  get dirty(): boolean {
    const { served, unserved, returned, tokens } = this.#totals;
    return served !== this.#acked.served || unserved !== this.#acked.unserved || returned !== this.#acked.returned || tokens !== this.#acked.tokens;
  }

  /** Every permit accounted for, and the object knows: nothing more to do with this lease. */
  get done(): boolean {
    const { served, unserved, returned } = this.#acked;
    return served + unserved + returned === this.permits && !this.dirty;
  }

  report(): LeaseReport {
    return { lease: this.id, ...this.#totals };
  }

  acknowledge(report: LeaseReport): void {
    this.#acked = {
      served: Math.max(this.#acked.served, report.served), unserved: Math.max(this.#acked.unserved, report.unserved),
      returned: Math.max(this.#acked.returned, report.returned), tokens: Math.max(this.#acked.tokens, report.tokens),
    };
  }
}
