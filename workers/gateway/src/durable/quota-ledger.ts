import { periodAt, RATE_WINDOW_MS, type RateBucket, type UsagePeriod } from "@chorus/core";

const DAY_MS = 24 * 60 * 60_000;
/** Requests per minute are counted in buckets of this width (see `recentRequests`). */
const RATE_BUCKET_MS = 1_000;
/** Old rows are deleted at most this often: nothing reads them, so they may linger a little. */
const PRUNE_EVERY_MS = 60_000;

export interface Reservation {
  id: string;
  now: number;
  /** When the reservation stops holding its slot if nobody settles it. */
  expiresAt: number;
  /** Counts toward the sample tier's 3. */
  sample: boolean;
  /** Served with the platform's keys: its tokens count toward the plan's tokens per day. */
  platform: boolean;
  /** Enters the requests-per-minute log (platform, limited here rather than in Upstash). */
  rate: boolean;
}

/** The ledger's tables (docs/storage.md), for `createMissingTables`. */
export const QUOTA_LEDGER_TABLES = {
  sample: "CREATE TABLE sample (id INTEGER PRIMARY KEY CHECK (id = 1), served INTEGER NOT NULL)",
  usage: "CREATE TABLE usage (period TEXT PRIMARY KEY, requests INTEGER NOT NULL, platform_tokens INTEGER NOT NULL)",
  reservations: `CREATE TABLE reservations (
    id TEXT PRIMARY KEY,
    reserved_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    sample INTEGER NOT NULL,
    platform INTEGER NOT NULL,
    day TEXT NOT NULL,
    month TEXT NOT NULL
  )`,
  request_times: "CREATE TABLE request_times (second INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
};
/** Objects created before per-second buckets kept one `request_times` row per request (`at`), always with this index. */
const LEGACY_REQUEST_LOG_INDEX = "request_times_at";

type Held = { expiresAt: number; sample: boolean; platform: boolean; day: string; month: string };
type Usage = { requests: number; platformTokens: number };
type ReservationRow = { id: string; expires_at: number; sample: number; platform: number; day: string; month: string };

/**
 * The `UserQuota` object's counters (tables: docs/storage.md). SQLite is the
 * record; every counter is also held in memory, read once when the object
 * starts, so an admission reads no rows and writes only what changed. Every
 * method is synchronous, so the object can read, decide and write with no
 * `await` in between. A reservation holds its slot while `expiresAt` is
 * ahead: an unsettled one (a crashed request) simply stops counting once its
 * lease is over; no sweep is needed.
 *
 * Requests per minute: one row per second (`request_times`), not per request,
 * so the log is at most 60 buckets whatever the rate. A request counts from
 * the start of its second until 60 s after it, so a slot may free up to 1 s
 * earlier than an exact per-request log would free it.
 */
export class QuotaLedger {
  readonly #sql: SqlStorage;
  readonly #held = new Map<string, Held>();
  readonly #usage = new Map<string, Usage>();
  /** Oldest first; at most one per second of the window. */
  readonly #buckets: RateBucket[] = [];
  #sampleServed: number;
  #prunedAt = Number.NEGATIVE_INFINITY;

  /** `existing`: the tables and indexes the database had before `QUOTA_LEDGER_TABLES` were created (`createMissingTables`). */
  constructor(sql: SqlStorage, existing: ReadonlySet<string>) {
    this.#sql = sql;
    // The once-a-minute prune scans the few rows in flight; an index would cost every admit and settle a second write.
    if (existing.has("reservations_expires_at")) sql.exec("DROP INDEX reservations_expires_at");
    if (existing.has(LEGACY_REQUEST_LOG_INDEX)) bucketRequestLog(sql);

    this.#sampleServed = sql.exec<{ served: number }>("SELECT served FROM sample WHERE id = 1").toArray()[0]?.served ?? 0;
    for (const row of sql.exec<{ period: string; requests: number; platform_tokens: number }>("SELECT period, requests, platform_tokens FROM usage")) {
      this.#usage.set(row.period, { requests: row.requests, platformTokens: row.platform_tokens });
    }
    for (const row of sql.exec<ReservationRow>("SELECT id, expires_at, sample, platform, day, month FROM reservations")) {
      this.#held.set(row.id, { expiresAt: row.expires_at, sample: row.sample === 1, platform: row.platform === 1, day: row.day, month: row.month });
    }
    for (const row of sql.exec<{ second: number; n: number }>("SELECT second, n FROM request_times ORDER BY second")) {
      this.#buckets.push({ at: row.second * RATE_BUCKET_MS, count: row.n });
    }
  }

  /** Sample answers served, plus those in flight. */
  sampleUsed(now: number): number {
    let inFlight = 0;
    for (const held of this.#held.values()) if (held.sample && held.expiresAt > now) inFlight++;
    return this.#sampleServed + inFlight;
  }

  /** Requests served in the current day or month, plus those in flight that were admitted in it. */
  periodUsed(period: UsagePeriod, now: number): number {
    const { key } = periodAt(now, period);
    let inFlight = 0;
    for (const held of this.#held.values()) if ((period === "daily" ? held.day : held.month) === key && held.expiresAt > now) inFlight++;
    return (this.#usage.get(key)?.requests ?? 0) + inFlight;
  }

  /** Tokens of platform-served answers this UTC day. */
  platformTokensToday(now: number): number {
    return this.#usage.get(periodAt(now, "daily").key)?.platformTokens ?? 0;
  }

  /** The rate window's buckets, oldest first: all the sliding window needs (it skips those already out of the window). */
  recentRequests(): readonly RateBucket[] {
    return this.#buckets;
  }

  reserve(reservation: Reservation): void {
    const { id, now } = reservation;
    const held: Held = {
      expiresAt: reservation.expiresAt, sample: reservation.sample, platform: reservation.platform,
      day: periodAt(now, "daily").key, month: periodAt(now, "monthly").key,
    };
    this.#sql.exec(
      "INSERT INTO reservations (id, reserved_at, expires_at, sample, platform, day, month) VALUES (?, ?, ?, ?, ?, ?, ?)",
      id, now, held.expiresAt, held.sample ? 1 : 0, held.platform ? 1 : 0, held.day, held.month,
    );
    this.#held.set(id, held);
    if (reservation.rate) this.#countRequest(now);
  }

  /**
   * Commits a served request to the periods it was admitted in (and the
   * sample), or gives its slot back. Once per reservation: a second call, or
   * one for a reservation pruned a day after its lease, changes nothing.
   */
  settle(id: string, served: boolean, tokens: number): void {
    const held = this.#held.get(id);
    if (!held) return;
    this.#held.delete(id);
    this.#sql.exec("DELETE FROM reservations WHERE id = ?", id);
    if (!served) return;
    if (held.sample) {
      this.#sql.exec("INSERT INTO sample (id, served) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET served = served + 1");
      this.#sampleServed++;
    }
    const platformTokens = held.platform ? Math.max(0, Math.round(tokens)) : 0;
    this.#sql.exec(
      `INSERT INTO usage (period, requests, platform_tokens) VALUES (?, 1, ?), (?, 1, ?)
       ON CONFLICT (period) DO UPDATE SET requests = requests + 1, platform_tokens = platform_tokens + excluded.platform_tokens`,
      held.day, platformTokens, held.month, platformTokens,
    );
    for (const period of [held.day, held.month]) {
      const usage = this.#usage.get(period);
      if (usage) {
        usage.requests++;
        usage.platformTokens += platformTokens;
      } else {
        this.#usage.set(period, { requests: 1, platformTokens });
      }
    }
  }

  /**
   * Forgets what no limit will read again: old rate buckets, periods before
   * the previous one, reservations a day past their lease. At most once a
   * minute (or when the clock went back), since stale rows change no answer.
   */
  prune(now: number): void {
    if (now >= this.#prunedAt && now - this.#prunedAt < PRUNE_EVERY_MS) return;
    this.#prunedAt = now;
    const rateCutoff = now - RATE_WINDOW_MS;
    this.#sql.exec("DELETE FROM request_times WHERE second <= ?", Math.floor(rateCutoff / RATE_BUCKET_MS));
    const kept = this.#buckets.filter((bucket) => bucket.at > rateCutoff);
    this.#buckets.splice(0, this.#buckets.length, ...kept);

    this.#sql.exec("DELETE FROM reservations WHERE expires_at < ?", now - DAY_MS);
    for (const [id, held] of this.#held) if (held.expiresAt < now - DAY_MS) this.#held.delete(id);

    const lastDay = periodAt(now - DAY_MS, "daily").key;
    const lastMonth = periodAt(periodAt(now, "monthly").startsAt - 1, "monthly").key;
    this.#sql.exec("DELETE FROM usage WHERE (length(period) = 10 AND period < ?) OR (length(period) = 7 AND period < ?)", lastDay, lastMonth);
    for (const period of this.#usage.keys()) {
      if ((period.length === 10 && period < lastDay) || (period.length === 7 && period < lastMonth)) this.#usage.delete(period);
    }
  }

  #countRequest(now: number): void {
    const second = Math.floor(now / RATE_BUCKET_MS);
    this.#sql.exec("INSERT INTO request_times (second, n) VALUES (?, 1) ON CONFLICT (second) DO UPDATE SET n = n + 1", second);
    const at = second * RATE_BUCKET_MS;
    // Admissions arrive in time order but for a caller's clock skew of a few ms; keep the buckets sorted either way.
    let index = this.#buckets.length;
    while (index > 0 && this.#buckets[index - 1]!.at > at) index--;
    const before = this.#buckets[index - 1];
    if (before?.at === at) before.count++;
    else this.#buckets.splice(index, 0, { at, count: 1 });
    // Bound the memory between prunes: buckets older than the window never count again.
    while (this.#buckets.length > RATE_WINDOW_MS / RATE_BUCKET_MS + 1 && this.#buckets[0]!.at <= now - RATE_WINDOW_MS) this.#buckets.shift();
  }
}

/** Folds a legacy per-request `request_times` (`at`) into per-second buckets, once, when the object starts. */
function bucketRequestLog(sql: SqlStorage): void {
  sql.exec("ALTER TABLE request_times RENAME TO request_log");
  sql.exec(`DROP INDEX ${LEGACY_REQUEST_LOG_INDEX}`);
  sql.exec(QUOTA_LEDGER_TABLES.request_times);
  sql.exec(`INSERT INTO request_times (second, n) SELECT at / ${RATE_BUCKET_MS}, COUNT(*) FROM request_log GROUP BY at / ${RATE_BUCKET_MS}`);
  sql.exec("DROP TABLE request_log");
}
