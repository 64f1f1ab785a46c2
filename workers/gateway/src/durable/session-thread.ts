import { DurableObject } from "cloudflare:workers";
import type { GatewayEnv } from "../env.ts";
import { ChangeWaiters } from "./change-waiters.ts";
import { createMissingTables } from "./create-missing-tables.ts";
import type { Begin, BeginInput, NewLine, StoredLine } from "./session-thread-types.ts";

/** The object's tables (docs/storage.md), for `createMissingTables`. */
const SESSION_TABLES = {
  messages: `CREATE TABLE messages (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    persona      TEXT,
    persona_name TEXT,
    content      TEXT NOT NULL,
    provider     TEXT,
    model        TEXT,
    created_at   INTEGER NOT NULL
  )`,
  turn_lock: `CREATE TABLE turn_lock (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    lease_id   TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  )`,
};

type MessageRow = {
  id: string;
  role: "user" | "assistant";
  persona: string | null;
  persona_name: string | null;
  content: string;
  provider: string | null;
  model: string | null;
  created_at: number;
};

type LockRow = { lease_id: string; expires_at: number };

function toLine(row: MessageRow): StoredLine {
  return {
    id: row.id, role: row.role, persona: row.persona, personaName: row.persona_name, content: row.content,
    provider: row.provider, model: row.model, createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * One theatre-mode session's thread (the object's name is the owner and the
 * session id): its lines in order, and the turn lock that makes posts to the
 * session take turns one at a time. The object only stores and sequences;
 * the model calls run in the Worker while it holds the lock, leased so that
 * a crashed request frees it. Tables: docs/storage.md.
 */
export class SessionThread extends DurableObject<GatewayEnv> {
  readonly #sql: SqlStorage;
  readonly #waiters = new ChangeWaiters();
  #schemaReady = false;

  constructor(ctx: DurableObjectState, env: GatewayEnv) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    this.#ensureSchema();
  }

  /**
   * Takes the turn lock (waiting up to `waitMs` for the turn in progress)
   * and stores the user's message under it; returns the thread with it.
   */
  async begin(input: BeginInput): Promise<Begin> {
    const giveUpAt = Date.now() + input.waitMs;
    for (;;) {
      const now = Date.now();
      const lock = this.#lock();
      if (!lock || lock.expires_at <= now) {
        const leaseId = crypto.randomUUID();
        this.#sql.exec("INSERT OR REPLACE INTO turn_lock (id, lease_id, expires_at) VALUES (1, ?, ?)", leaseId, now + input.leaseMs);
        this.#insert(input.message, now);
        return { kind: "held", leaseId, thread: this.#thread() };
      }
      const waitMs = Math.min(giveUpAt, lock.expires_at) - now;
      if (waitMs <= 0) return { kind: "busy", retryAfterMs: Math.max(1, lock.expires_at - now) };
      await this.#waiters.next(waitMs);
    }
  }

  /** Stores an answer under the lock and extends the lease; undefined when another post took the lock over (the answer is dropped). */
  async append(leaseId: string, line: NewLine, leaseMs: number): Promise<StoredLine | undefined> {
    const now = Date.now();
    if (!this.#holds(leaseId)) return undefined;
    this.#sql.exec("UPDATE turn_lock SET expires_at = ?", now + leaseMs);
    this.#insert(line, now);
    return this.#sql.exec<MessageRow>("SELECT * FROM messages WHERE id = ?", line.id).toArray().map(toLine)[0];
  }

  /** Extends the holder's lease (an answer still streaming); false when it no longer holds the lock. */
  async renew(leaseId: string, leaseMs: number): Promise<boolean> {
    if (!this.#holds(leaseId)) return false;
    this.#sql.exec("UPDATE turn_lock SET expires_at = ?", Date.now() + leaseMs);
    return true;
  }

  /** Frees the lock for the next post; a lease that no longer holds it changes nothing. */
  async end(leaseId: string): Promise<void> {
    this.#sql.exec("DELETE FROM turn_lock WHERE lease_id = ?", leaseId);
    this.#waiters.wake();
  }

  /** The thread, in order. */
  async messages(): Promise<StoredLine[]> {
    return this.#thread();
  }

  /** Drops the thread and the lock (the session was deleted). */
  async destroy(): Promise<void> {
    await this.ctx.storage.deleteAll();
    this.#schemaReady = false;
    this.#waiters.wake();
  }

  #thread(): StoredLine[] {
    this.#ensureSchema();
    return this.#sql.exec<MessageRow>("SELECT * FROM messages ORDER BY seq").toArray().map(toLine);
  }

  #lock(): LockRow | undefined {
    this.#ensureSchema();
    return this.#sql.exec<LockRow>("SELECT lease_id, expires_at FROM turn_lock").toArray()[0];
  }

  /** Whether `leaseId` still holds the lock: a lapsed lease holds until another post takes the lock over. */
  #holds(leaseId: string): boolean {
    return this.#lock()?.lease_id === leaseId;
  }

  #insert(line: NewLine, now: number): void {
    this.#sql.exec(
      "INSERT INTO messages (id, role, persona, persona_name, content, provider, model, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      line.id, line.role, line.persona, line.personaName, line.content, line.provider, line.model, now,
    );
  }

  // Also after `destroy`, which drops the tables with everything else.
  #ensureSchema(): void {
    if (this.#schemaReady) return;
    createMissingTables(this.#sql, SESSION_TABLES);
    this.#schemaReady = true;
  }
}
