import { DurableObject } from "cloudflare:workers";
import type { GatewayEnv } from "../env.ts";
import { ChangeWaiters } from "./change-waiters.ts";
import { createMissingTables } from "./create-missing-tables.ts";

/** An answer as it is replayed: its status, the headers worth repeating, and its body (JSON text or the SSE frames). */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ClaimInput {
  /** Hash of the method, path and canonical body: the same key with another fingerprint is a reuse. */
  fingerprint: string;
  /** How long the claimant may hold the key before another request may take it over. */
  leaseMs: number;
  /** How long a duplicate waits for the request in flight before giving up. */
  waitMs: number;
}

/** What the caller of `claim` must do: run the request (then `complete` or `release`), replay, or refuse. */
export type Claim =
  | { kind: "run"; leaseId: string }
  | { kind: "replay"; response: StoredResponse }
  | { kind: "mismatch" }
  | { kind: "in_progress" };

/** CONTRACT.md: keys are kept 24 h, counted from the first request. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** The object's one table (docs/storage.md), for `createMissingTables`. */
const IDEMPOTENCY_TABLES = {
  record: `CREATE TABLE record (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    lease_id TEXT,
    lease_expires_at INTEGER,
    response TEXT,
    expires_at INTEGER NOT NULL
  )`,
};

type RecordRow = {
  fingerprint: string;
  lease_id: string | null;
  lease_expires_at: number | null;
  response: string | null;
  expires_at: number;
};

/**
 * One `Idempotency-Key` of one caller (the object's name is scope and key):
 * at most one row, in flight under a lease or holding the stored answer,
 * deleted by the alarm 24 h after the first request. Duplicates wait here,
 * in memory, for the request in flight. Tables: docs/storage.md.
 */
export class Idempotency extends DurableObject<GatewayEnv> {
  readonly #sql: SqlStorage;
  readonly #waiters = new ChangeWaiters();
  #schemaReady = false;

  constructor(ctx: DurableObjectState, env: GatewayEnv) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    this.#ensureSchema();
  }

  /** Takes the key, or says why not; a duplicate of a request in flight waits up to `waitMs` for its outcome. */
  async claim(input: ClaimInput): Promise<Claim> {
    const giveUpAt = Date.now() + input.waitMs;
    for (;;) {
      const now = Date.now();
      const row = this.#live(now);
      if (!row) return this.#lease(input, now);
      if (row.fingerprint !== input.fingerprint) return { kind: "mismatch" };
      if (row.response !== null) return { kind: "replay", response: JSON.parse(row.response) as StoredResponse };
      const waitMs = Math.min(giveUpAt, row.lease_expires_at ?? now) - now;
      if (waitMs <= 0) return { kind: "in_progress" };
      await this.#waiters.next(waitMs);
    }
  }

  /**
   * Stores the lease holder's answer, even past its lease if nobody took the
   * key over; false when somebody did (the answer is dropped, theirs counts).
   */
  async complete(leaseId: string, response: StoredResponse): Promise<boolean> {
    if (!this.#holds(leaseId)) return false;
    this.#sql.exec("UPDATE record SET response = ?, lease_id = NULL, lease_expires_at = NULL", JSON.stringify(response));
    this.#waiters.wake();
    return true;
  }

  /** Extends the holder's lease to `leaseMs` from now (an answer still streaming); false when `leaseId` no longer holds the key. */
  async renew(leaseId: string, leaseMs: number): Promise<boolean> {
    if (!this.#holds(leaseId)) return false;
    this.#sql.exec("UPDATE record SET lease_expires_at = ?", Date.now() + leaseMs);
    return true;
  }

  /** Frees the key without an answer (the request failed in a way a retry may fix), so the next claim runs. */
  async release(leaseId: string): Promise<void> {
    if (!this.#holds(leaseId)) return;
    await this.#forget();
    this.#waiters.wake();
  }

  override async alarm(): Promise<void> {
    this.#ensureSchema();
    this.#sql.exec("DELETE FROM record WHERE expires_at <= ?", Date.now());
    const next = this.#sql.exec<{ at: number | null }>("SELECT MIN(expires_at) AS at FROM record").one().at;
    if (next === null) await this.#forget();
    else await this.ctx.storage.setAlarm(next);
  }

  #row(): RecordRow | undefined {
    this.#ensureSchema();
    return this.#sql.exec<RecordRow>("SELECT fingerprint, lease_id, lease_expires_at, response, expires_at FROM record").toArray()[0];
  }

  /** The row, unless it has expired or its lease ran out unanswered (a crashed or abandoned request). */
  #live(now: number): RecordRow | undefined {
    const row = this.#row();
    if (!row || row.expires_at <= now) return undefined;
    if (row.response === null && (row.lease_expires_at ?? 0) <= now) return undefined;
    return row;
  }

  /** Whether `leaseId` still holds the key, unanswered. */
  #holds(leaseId: string): boolean {
    const row = this.#row();
    return row?.lease_id === leaseId && row.response === null && row.expires_at > Date.now();
  }

  async #lease(input: ClaimInput, now: number): Promise<Claim> {
    const leaseId = crypto.randomUUID();
    const expiresAt = now + IDEMPOTENCY_RETENTION_MS;
    this.#sql.exec(
      "INSERT OR REPLACE INTO record (id, fingerprint, lease_id, lease_expires_at, response, expires_at) VALUES (1, ?, ?, ?, NULL, ?)",
      input.fingerprint, leaseId, now + input.leaseMs, expiresAt,
    );
    await this.ctx.storage.setAlarm(expiresAt);
    return { kind: "run", leaseId };
  }

  /** Drops all storage, alarm included: an object with nothing stored costs nothing. */
  async #forget(): Promise<void> {
    await this.ctx.storage.deleteAll();
    this.#schemaReady = false;
  }

  // Also after `#forget`, which drops the table with everything else.
  #ensureSchema(): void {
    if (this.#schemaReady) return;
    createMissingTables(this.#sql, IDEMPOTENCY_TABLES);
    this.#schemaReady = true;
  }
}
