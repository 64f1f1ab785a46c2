import { createDb, touchSession } from "@chorus/db";
import { DurableObject } from "cloudflare:workers";
import type { GatewayEnv } from "../env.ts";
import { ChangeWaiters } from "./change-waiters.ts";
import { createMissingTables } from "./create-missing-tables.ts";
import type { Begin, BeginInput, SessionOwner, SessionSettings, StoredLine } from "./session-thread-types.ts";

/**
 * How long after a post's lines are stored the session's D1 row learns of it
 * (`updated_at`, which orders the caller's list): one write for all the
 * messages of that while, not one per message on the request's thread.
 */
export const TOUCH_DELAY_MS = 2_000;

/** The object's tables (docs/storage.md), for `createMissingTables`. */
const SESSION_TABLES = {
  settings: `CREATE TABLE settings (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    user_id        TEXT NOT NULL,
    session_id     TEXT NOT NULL,
    persona        TEXT NOT NULL,
    participants   TEXT,
    model          TEXT,
    context_tokens INTEGER NOT NULL
  )`,
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
type SettingsRow = { user_id: string; session_id: string; persona: string; participants: string | null; model: string | null; context_tokens: number };

function toLine(row: MessageRow): StoredLine {
  return {
    id: row.id, role: row.role, persona: row.persona, personaName: row.persona_name, content: row.content,
    provider: row.provider, model: row.model, createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * One theatre-mode session's thread (the object's name is the owner and the
 * session id): the settings a post needs, its lines in order, and the turn
 * lock that makes posts to the session take turns one at a time. The object
 * only stores and sequences; the model calls run in the Worker while it
 * holds the lock, leased so that a crashed request frees it. A post costs
 * two calls: `begin`, then `finish` with its lines. An object whose session
 * was never configured here (or was deleted) writes nothing: `begin`
 * answers `unknown`. Tables: docs/storage.md.
 */
export class SessionThread extends DurableObject<GatewayEnv> {
  readonly #sql: SqlStorage;
  readonly #waiters = new ChangeWaiters();
  /** Kept in memory: every post reads them, and only `configure` and `destroy` change them. */
  #settings: SessionSettings | undefined;
  #owner: SessionOwner | undefined;
  /** An alarm is set to write `updated_at` to D1 (`TOUCH_DELAY_MS`). */
  #touchDue = false;

  constructor(ctx: DurableObjectState, env: GatewayEnv) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    const tables = this.#sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE name = 'settings'").toArray();
    if (tables.length > 0) {
      createMissingTables(this.#sql, SESSION_TABLES);
      this.#readSettings();
    }
  }

  /** Sets what posts read of the session, and whose it is (on create and on each change; also for a session older than this table). */
  async configure(owner: SessionOwner, settings: SessionSettings): Promise<void> {
    createMissingTables(this.#sql, SESSION_TABLES);
    this.#sql.exec(
      "INSERT OR REPLACE INTO settings (id, user_id, session_id, persona, participants, model, context_tokens) VALUES (1, ?, ?, ?, ?, ?, ?)",
      owner.userId, owner.sessionId, settings.persona, settings.participants && JSON.stringify(settings.participants), settings.model, settings.contextTokens,
    );
    this.#readSettings();
  }

  /** Takes the turn lock (waiting up to `waitMs` for the turn in progress); returns the settings and the thread. */
  async begin(input: BeginInput): Promise<Begin> {
    const giveUpAt = Date.now() + input.waitMs;
    for (;;) {
      // Checked on every pass: the session may be deleted while this post waits.
      const settings = this.#settings;
      if (!settings) return { kind: "unknown" };
      const now = Date.now();
      const lock = this.#lock();
      if (!lock || lock.expires_at <= now) {
        const leaseId = crypto.randomUUID();
        this.#sql.exec("INSERT OR REPLACE INTO turn_lock (id, lease_id, expires_at) VALUES (1, ?, ?)", leaseId, now + input.leaseMs);
        return { kind: "held", leaseId, settings, thread: this.#thread() };
      }
      const waitMs = Math.min(giveUpAt, lock.expires_at) - now;
      if (waitMs <= 0) return { kind: "busy", retryAfterMs: Math.max(1, lock.expires_at - now) };
      await this.#waiters.next(waitMs);
    }
  }

  /** Stores lines under the lock and extends the lease; false when another post took the lock over (the lines are dropped). */
  async append(leaseId: string, lines: readonly StoredLine[], leaseMs: number): Promise<boolean> {
    if (!this.#holds(leaseId)) return false;
    this.#sql.exec("UPDATE turn_lock SET expires_at = ?", Date.now() + leaseMs);
    for (const line of lines) this.#insert(line);
    return true;
  }

  /** Extends the holder's lease (an answer still streaming); false when it no longer holds the lock. */
  async renew(leaseId: string, leaseMs: number): Promise<boolean> {
    if (!this.#holds(leaseId)) return false;
    this.#sql.exec("UPDATE turn_lock SET expires_at = ?", Date.now() + leaseMs);
    return true;
  }

  /**
   * Stores the holder's last lines and frees the lock for the next post;
   * false (nothing stored) when the lease no longer holds it.
   */
  async finish(leaseId: string, lines: readonly StoredLine[]): Promise<boolean> {
    if (!this.#holds(leaseId)) return false;
    for (const line of lines) this.#insert(line);
    this.#sql.exec("DELETE FROM turn_lock");
    this.#waiters.wake();
    if (lines.length > 0 && !this.#touchDue) {
      this.#touchDue = true;
      await this.ctx.storage.setAlarm(Date.now() + TOUCH_DELAY_MS);
    }
    return true;
  }

  /** Writes the time of the thread's last line to the session's D1 row, scoped by its owner. */
  override async alarm(): Promise<void> {
    this.#touchDue = false;
    const owner = this.#owner;
    if (!owner) return;
    const last = this.#sql.exec<{ at: number | null }>("SELECT MAX(created_at) AS at FROM messages").one().at;
    if (last !== null) await touchSession(createDb(this.env.DB), owner.userId, owner.sessionId, new Date(last));
  }

  /** The thread, in order. */
  async messages(): Promise<StoredLine[]> {
    return this.#settings ? this.#thread() : [];
  }

  /** Drops the settings, the thread and the lock (the session was deleted). */
  async destroy(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.#settings = undefined;
    this.#owner = undefined;
    this.#waiters.wake();
  }

  #readSettings(): void {
    const row = this.#sql.exec<SettingsRow>("SELECT * FROM settings").toArray()[0];
    this.#owner = row && { userId: row.user_id, sessionId: row.session_id };
    this.#settings = row && {
      persona: row.persona, participants: row.participants === null ? null : (JSON.parse(row.participants) as string[]),
      model: row.model, contextTokens: row.context_tokens,
    };
  }

  #thread(): StoredLine[] {
    return this.#sql.exec<MessageRow>("SELECT * FROM messages ORDER BY seq").toArray().map(toLine);
  }

  #lock(): LockRow | undefined {
    return this.#sql.exec<LockRow>("SELECT lease_id, expires_at FROM turn_lock").toArray()[0];
  }

  /** Whether `leaseId` still holds the lock: a lapsed lease holds until another post takes the lock over. */
  #holds(leaseId: string): boolean {
    return this.#settings !== undefined && this.#lock()?.lease_id === leaseId;
  }

  #insert(line: StoredLine): void {
    this.#sql.exec(
      "INSERT INTO messages (id, role, persona, persona_name, content, provider, model, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      line.id, line.role, line.persona, line.personaName, line.content, line.provider, line.model, Date.parse(line.createdAt),
    );
  }
}
