import { periodAt, RATE_WINDOW_MS, type RateBucket, type UsagePeriod } from "@chorus/core";
import type { LeaseReport, Pool } from "./user-quota-types.ts";

const DAY_MS = 24 * 60 * 60_000;
/** Requests per minute are counted in buckets of this width (see `recentRequests`). */
const RATE_BUCKET_MS = 1_000;
/** Old rows are deleted at most this often: nothing reads them, so they may linger a little. */
const PRUNE_EVERY_MS = 60_000;

export interface NewLease {
  id: string;
  pool: Pool;
  permits: number;
  now: number;
  /** When its permits stop counting if nobody reports them. */
  expiresAt: number;
  /** Its permits enter the requests-per-minute window (platform, limited here rather than in Upstash). */
  rate: boolean;
}

/** The ledger's tables (docs/storage.md), for `createMissingTables`. */
export const QUOTA_LEDGER_TABLES = {
  sample: "CREATE TABLE sample (id INTEGER PRIMARY KEY CHECK (id = 1), served INTEGER NOT NULL)",
  usage: "CREATE TABLE usage (period TEXT PRIMARY KEY, requests INTEGER NOT NULL, platform_tokens INTEGER NOT NULL)",
  leases: `CREATE TABLE leases (
    id TEXT PRIMARY KEY,
    pool TEXT NOT NULL,
    permits INTEGER NOT NULL,
    served INTEGER NOT NULL,
    unserved INTEGER NOT NULL,
    returned INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    rate INTEGER NOT NULL,
    granted_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    day TEXT NOT NULL,
    month TEXT NOT NULL
  )`,
  request_times: "CREATE TABLE request_times (second INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
};

interface Held {
  pool: Pool;
  permits: number;
  served: number;
  unserved: number;
  returned: number;
  tokens: number;
  rate: boolean;
  grantedAt: number;
  expiresAt: number;
  day: string;
  month: string;
}

type LeaseRow = {
  id: string; pool: Pool; permits: number; served: number; unserved: number; returned: number; tokens: number;
  rate: number; granted_at: number; expires_at: number; day: string; month: string;
};

/** Permits granted and not yet reported: requests in flight, or permits an isolate still holds. */
function inFlight(held: Held): number {
  return held.permits - held.served - held.unserved - held.returned;
}

/**
 * The `UserQuota` object's counters (tables: docs/storage.md). SQLite is the
 * record; every counter is also held in memory, read once when the object
 * starts, so a decision reads no rows and writes only what changed. Every
 * method is synchronous, so the object can read, decide and write with no
 * `await` in between.
 *
 * A lease's permits count as in flight (toward the sample and the usage
 * limit) from their grant until reported, or until the lease's `expiresAt`
 * (a lost isolate): no sweep is needed. Requests per minute: one row per
 * second (`request_times`), not per request, so the log is at most 60
 * buckets whatever the rate; a lease's permits count in the second it was
 * granted, and those given back unused leave it again.
 */
export class QuotaLedger {
  readonly #sql: SqlStorage;
  readonly #held = new Map<string, Held>();
  readonly #usage = new Map<string, { requests: number; platformTokens: number }>();
  /** Oldest first; at most one per second of the window. */
  readonly #buckets: RateBucket[] = [];
  #sampleServed: number;
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    this.#sampleServed = sql.exec<{ served: number }>("SELECT served FROM sample WHERE id = 1").toArray()[0]?.served ?? 0;
    for (const row of sql.exec<{ period: string; requests: number; platform_tokens: number }>("SELECT period, requests, platform_tokens FROM usage")) {
      this.#usage.set(row.period, { requests: row.requests, platformTokens: row.platform_tokens });
    }
    for (const row of sql.exec<LeaseRow>("SELECT * FROM leases")) {
      this.#held.set(row.id, {
        pool: row.pool, permits: row.permits, served: row.served, unserved: row.unserved, returned: row.returned, tokens: row.tokens,
        rate: row.rate === 1, grantedAt: row.granted_at, expiresAt: row.expires_at, day: row.day, month: row.month,
      });
    }
    for (const row of sql.exec<{ second: number; n: number }>("SELECT second, n FROM request_times ORDER BY second")) {
      this.#buckets.push({ at: row.second * RATE_BUCKET_MS, count: row.n });
    }
  }

  /** Sample answers served, plus permits of the sample in flight. */
  sampleUsed(now: number): number {
    let used = this.#sampleServed;
    for (const held of this.#held.values()) if (held.pool === "sample" && held.expiresAt > now) used += inFlight(held);
    return used;
  }

  /** Requests served in the current day or month, plus permits in flight granted in it. */
  periodUsed(period: UsagePeriod, now: number): number {
    const { key } = periodAt(now, period);
    let used = this.#usage.get(key)?.requests ?? 0;
    for (const held of this.#held.values()) if ((period === "daily" ? held.day : held.month) === key && held.expiresAt > now) used += inFlight(held);
    return used;
  }

  /** Sample answers served (not those in flight). */
  sampleServed(): number {
    return this.#sampleServed;
  }

  /** Requests served in the current day or month (not those in flight). */
  periodServed(period: UsagePeriod, now: number): number {
    return this.#usage.get(periodAt(now, period).key)?.requests ?? 0;
  }

  /** Tokens of platform-served answers this UTC day. */
  platformTokensToday(now: number): number {
    return this.#usage.get(periodAt(now, "daily").key)?.platformTokens ?? 0;
  }

  /** The rate window's buckets, oldest first: all the sliding window needs (it skips those already out of the window). */
  recentRequests(): readonly RateBucket[] {
    return this.#buckets;
  }

  grant(lease: NewLease): void {
    const { id, now } = lease;
    const held: Held = {
      pool: lease.pool, permits: lease.permits, served: 0, unserved: 0, returned: 0, tokens: 0, rate: lease.rate,
      grantedAt: now, expiresAt: lease.expiresAt, day: periodAt(now, "daily").key, month: periodAt(now, "monthly").key,
    };
    this.#sql.exec(
      `INSERT INTO leases (id, pool, permits, served, unserved, returned, tokens, rate, granted_at, expires_at, day, month)
       VALUES (?, ?, ?, 0, 0, 0, 0, ?, ?, ?, ?, ?)`,
      id, held.pool, held.permits, held.rate ? 1 : 0, now, held.expiresAt, held.day, held.month,
    );
    this.#held.set(id, held);
    if (lease.rate) this.#countRequests(now, lease.permits);
  }

  /**
   * Applies what the isolate reports of its leases (running totals; only
   * what is new counts): served permits are committed to the periods the
   * lease was granted in (and to the sample), with their tokens for the
   * platform; unserved and returned ones stop counting; returned ones leave
   * the rate window too. A lease fully reported is deleted. A report for a
   * lease pruned a day after it expired, or that would account for more
   * permits than were granted, changes nothing.
   */
  report(reports: readonly LeaseReport[]): void {
    const committed = new Map<string, { requests: number; platformTokens: number }>();
    const commit = (period: string, requests: number, platformTokens: number) => {
      const sum = committed.get(period) ?? { requests: 0, platformTokens: 0 };
      sum.requests += requests;
      sum.platformTokens += platformTokens;
      committed.set(period, sum);
    };
    for (const report of reports) {
      const held = this.#held.get(report.lease);
      if (!held) continue;
      const served = Math.max(held.served, report.served);
      const unserved = Math.max(held.unserved, report.unserved);
      const returned = Math.max(held.returned, report.returned);
      const tokens = Math.max(held.tokens, Math.round(report.tokens));
      if (served + unserved + returned > held.permits) continue;
      const newlyServed = served - held.served;
      const newTokens = held.pool === "platform" ? tokens - held.tokens : 0;
      if (held.rate && returned > held.returned) this.#uncountRequests(held.grantedAt, returned - held.returned);
      Object.assign(held, { served, unserved, returned, tokens });
      if (newlyServed > 0 || newTokens > 0) {
        commit(held.day, newlyServed, newTokens);
        commit(held.month, newlyServed, newTokens);
      }
      if (held.pool === "sample" && newlyServed > 0) {
        this.#sql.exec("INSERT INTO sample (id, served) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET served = served + excluded.served", newlyServed);
        this.#sampleServed += newlyServed;
      }
      if (inFlight(held) === 0) {
        this.#held.delete(report.lease);
        this.#sql.exec("DELETE FROM leases WHERE id = ?", report.lease);
      } else {
        this.#sql.exec("UPDATE leases SET served = ?, unserved = ?, returned = ?, tokens = ? WHERE id = ?", served, unserved, returned, tokens, report.lease);
      }
    }
    for (const [period, sum] of committed) {
      this.#sql.exec(
        `INSERT INTO usage (period, requests, platform_tokens) VALUES (?, ?, ?)
         ON CONFLICT (period) DO UPDATE SET requests = requests + excluded.requests, platform_tokens = platform_tokens + excluded.platform_tokens`,
        period, sum.requests, sum.platformTokens,
      );
      const usage = this.#usage.get(period);
      if (usage) {
        usage.requests += sum.requests;
        usage.platformTokens += sum.platformTokens;
      } else {
        this.#usage.set(period, { ...sum });
      }
    }
  }

  /**
   * Forgets what no limit will read again: old rate buckets, periods before
   * the previous one, leases a day past their expiry. At most once a
   * minute (or when the clock went back), since stale rows change no answer.
   */
  prune(now: number): void {
    if (now >= this.#prunedAt && now - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = now;
    const rateCutoff = now - RATE_WINDOW_MS;
    this.#sql.exec("DELETE FROM request_times WHERE second <= ?", Math.floor(rateCutoff / RATE_BUCKET_MS));
    const kept = this.#buckets.filter((bucket) => bucket.at > rateCutoff);
    this.#buckets.splice(0, this.#buckets.length, ...kept);

    this.#sql.exec("DELETE FROM leases WHERE expires_at < ?", now - DAY_MS);
    for (const [id, held] of this.#held) if (held.expiresAt < now - DAY_MS) this.#held.delete(id);

    const lastDay = periodAt(now - DAY_MS, "daily").key;
    const lastMonth = periodAt(periodAt(now, "monthly").startsAt - 1, "monthly").key;
    this.#sql.exec("DELETE FROM usage WHERE (length(period) = 10 AND period < ?) OR (length(period) = 7 AND period < ?)", lastDay, lastMonth);
    for (const period of this.#usage.keys()) {
      if ((period.length === 10 && period < lastDay) || (period.length === 7 && period < lastMonth)) this.#usage.delete(period);
    }
  }

  #countRequests(now: number, n: number): void {
    const second = Math.floor(now / RATE_BUCKET_MS);
    this.#sql.exec("INSERT INTO request_times (second, n) VALUES (?, ?) ON CONFLICT (second) DO UPDATE SET n = n + excluded.n", second, n);
    const at = second * RATE_BUCKET_MS;
    // Grants arrive in time order but for isolates' clock skew of a few ms; keep the buckets sorted either way.
    let index = this.#buckets.length;
    while (index > 0 && this.#buckets[index - 1]!.at > at) index--;
    const before = this.#buckets[index - 1];
    if (before?.at === at) before.count += n;
    else this.#buckets.splice(index, 0, { at, count: n });
    // Bound the memory between prunes: buckets older than the window never count again.
    while (this.#buckets.length > RATE_WINDOW_MS / RATE_BUCKET_MS + 1 && this.#buckets[0]!.at <= now - RATE_WINDOW_MS) this.#buckets.shift();
  }

  /** Takes permits given back unused out of the bucket they were counted in, if it is still kept. */
  #uncountRequests(grantedAt: number, n: number): void {
    const at = Math.floor(grantedAt / RATE_BUCKET_MS) * RATE_BUCKET_MS;
    const bucket = this.#buckets.find((entry) => entry.at === at);
    if (!bucket) return;
    bucket.count = Math.max(0, bucket.count - n);
    this.#sql.exec("UPDATE request_times SET n = ? WHERE second = ?", bucket.count, at / RATE_BUCKET_MS);
  }
}
