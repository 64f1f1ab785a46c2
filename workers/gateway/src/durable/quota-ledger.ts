import { periodAt, RATE_WINDOW_MS, type UsagePeriod } from "@chorus/core";

const DAY_MS = 24 * 60 * 60_000;

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

type ReservationRow = { sample: number; platform: number; day: string; month: string };

/**
 * The `UserQuota` object's counters in its SQLite storage (tables:
 * docs/storage.md). Every method is synchronous, so the object can read,
 * decide and write with no `await` in between. A reservation holds its slot
 * while `expires_at` is ahead: an unsettled one (a crashed request) simply
 * stops counting once its lease is over; no sweep is needed.
 */
export class QuotaLedger {
  readonly #sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    sql.exec(`CREATE TABLE IF NOT EXISTS sample (id INTEGER PRIMARY KEY CHECK (id = 1), served INTEGER NOT NULL)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS usage (period TEXT PRIMARY KEY, requests INTEGER NOT NULL, platform_tokens INTEGER NOT NULL)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS reservations (
      id TEXT PRIMARY KEY,
      reserved_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      sample INTEGER NOT NULL,
      platform INTEGER NOT NULL,
      day TEXT NOT NULL,
      month TEXT NOT NULL
    )`);
    sql.exec(`CREATE INDEX IF NOT EXISTS reservations_expires_at ON reservations (expires_at)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS request_times (at INTEGER NOT NULL)`);
    sql.exec(`CREATE INDEX IF NOT EXISTS request_times_at ON request_times (at)`);
  }

  /** Sample answers served, plus those in flight. */
  sampleUsed(now: number): number {
    const served = this.#sql.exec<{ served: number }>("SELECT served FROM sample WHERE id = 1").toArray()[0]?.served ?? 0;
    return served + this.#count("SELECT COUNT(*) AS n FROM reservations WHERE sample = 1 AND expires_at > ?", now);
  }

  /** Requests served in the current day or month, plus those in flight that were admitted in it. */
  periodUsed(period: UsagePeriod, now: number): number {
    const { key } = periodAt(now, period);
    const column = period === "daily" ? "day" : "month";
    return this.#requests(key) + this.#count(`SELECT COUNT(*) AS n FROM reservations WHERE ${column} = ? AND expires_at > ?`, key, now);
  }

  /** Tokens of platform-served answers this UTC day. */
  platformTokensToday(now: number): number {
    const key = periodAt(now, "daily").key;
    return this.#sql.exec<{ tokens: number }>("SELECT platform_tokens AS tokens FROM usage WHERE period = ?", key).toArray()[0]?.tokens ?? 0;
  }

  /** The newest `limit` admissions of the rate window, oldest first: all the sliding window needs. */
  recentRequests(now: number, limit: number): number[] {
    return this.#sql.exec<{ at: number }>("SELECT at FROM request_times WHERE at > ? ORDER BY at DESC LIMIT ?", now - RATE_WINDOW_MS, limit)
      .toArray().map((row) => row.at).reverse();
  }

  reserve(reservation: Reservation): void {
    const { id, now } = reservation;
    this.#sql.exec(
      "INSERT INTO reservations (id, reserved_at, expires_at, sample, platform, day, month) VALUES (?, ?, ?, ?, ?, ?, ?)",
      id, now, reservation.expiresAt, reservation.sample ? 1 : 0, reservation.platform ? 1 : 0, periodAt(now, "daily").key, periodAt(now, "monthly").key,
    );
    if (reservation.rate) this.#sql.exec("INSERT INTO request_times (at) VALUES (?)", now);
  }

  /**
   * Commits a served request to the periods it was admitted in (and the
   * sample), or gives its slot back. Once per reservation: a second call, or
   * one for a reservation pruned a day after its lease, changes nothing.
   */
  settle(id: string, served: boolean, tokens: number): void {
    const row = this.#sql.exec<ReservationRow>("SELECT sample, platform, day, month FROM reservations WHERE id = ?", id).toArray()[0];
    if (!row) return;
    this.#sql.exec("DELETE FROM reservations WHERE id = ?", id);
    if (!served) return;
    if (row.sample === 1) {
      this.#sql.exec("INSERT INTO sample (id, served) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET served = served + 1");
    }
    const platformTokens = row.platform === 1 ? Math.max(0, Math.round(tokens)) : 0;
    for (const period of [row.day, row.month]) {
      this.#sql.exec(
        `INSERT INTO usage (period, requests, platform_tokens) VALUES (?, 1, ?)
         ON CONFLICT (period) DO UPDATE SET requests = requests + 1, platform_tokens = platform_tokens + excluded.platform_tokens`,
        period, platformTokens,
      );
    }
  }

  /** Forgets what no limit will read again: old rate entries, periods before the previous one, reservations a day past their lease. */
  prune(now: number): void {
    this.#sql.exec("DELETE FROM request_times WHERE at <= ?", now - RATE_WINDOW_MS);
    this.#sql.exec("DELETE FROM reservations WHERE expires_at < ?", now - DAY_MS);
    const lastMonth = periodAt(periodAt(now, "monthly").startsAt - 1, "monthly").key;
    this.#sql.exec(
      "DELETE FROM usage WHERE (length(period) = 10 AND period < ?) OR (length(period) = 7 AND period < ?)",
      periodAt(now - DAY_MS, "daily").key, lastMonth,
    );
  }

  #requests(key: string): number {
    return this.#sql.exec<{ requests: number }>("SELECT requests FROM usage WHERE period = ?", key).toArray()[0]?.requests ?? 0;
  }

  #count(query: string, ...bindings: (string | number)[]): number {
    return this.#sql.exec<{ n: number }>(query, ...bindings).one().n;
  }
}
