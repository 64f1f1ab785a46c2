import { RATE_WINDOW_MS, secondsUntil, slidingWindow, type RateBucket } from "@chorus/core";

/** Own-key tests a user may run per minute: each is a real call to the provider, so a settings page cannot become a relay. */
export const KEY_TESTS_PER_MINUTE = 10;

/** The log's table (docs/storage.md), for `createMissingTables`. */
export const KEY_TEST_TABLES = {
  key_tests: "CREATE TABLE key_tests (at INTEGER NOT NULL)",
};

export type KeyTestDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * The `UserQuota` object's log of own-key tests: one row per test in the
 * last minute, also held in memory, so a decision reads no rows. A sliding
 * window, exact: at most KEY_TESTS_PER_MINUTE in any 60 s.
 */
export class KeyTestLog {
  readonly #sql: SqlStorage;
  #recent: RateBucket[];

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    this.#recent = sql.exec<{ at: number }>("SELECT at FROM key_tests ORDER BY at").toArray().map((row) => ({ at: row.at, count: 1 }));
  }

  /** Records a test at `now` if the window has room, else says when it will. */
  admit(now: number): KeyTestDecision {
    const cutoff = now - RATE_WINDOW_MS;
    if (this.#recent.some((entry) => entry.at <= cutoff)) {
      this.#sql.exec("DELETE FROM key_tests WHERE at <= ?", cutoff);
      this.#recent = this.#recent.filter((entry) => entry.at > cutoff);
    }
    const decision = slidingWindow({ recent: this.#recent, limit: KEY_TESTS_PER_MINUTE, windowMs: RATE_WINDOW_MS, now });
    if (!decision.allowed) return { ok: false, retryAfterSeconds: secondsUntil(now + decision.retryAfterMs, now) };
    this.#sql.exec("INSERT INTO key_tests (at) VALUES (?)", now);
    // Oldest first, as the window reads it, even when isolates' clocks differ by a few ms.
    const index = this.#recent.findLastIndex((entry) => entry.at <= now) + 1;
    this.#recent.splice(index, 0, { at: now, count: 1 });
    return { ok: true };
  }
}
