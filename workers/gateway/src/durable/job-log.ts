import { TERMINAL_JOB_EVENTS, type JobEvent, type JobEventType } from "@chorus/core";
import { DurableObject } from "cloudflare:workers";
import type { GatewayEnv } from "../env.ts";
import { ChangeWaiters } from "./change-waiters.ts";
import { createMissingTables } from "./create-missing-tables.ts";

/** The object's tables (docs/storage.md), for `createMissingTables`. */
const JOB_LOG_TABLES = {
  events: `CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    key        TEXT NOT NULL UNIQUE,
    type       TEXT NOT NULL,
    data       TEXT NOT NULL,
    created_at INTEGER NOT NULL
  )`,
};

type EventRow = { id: number; type: JobEventType; data: string };

/** The events after an id, and whether the log has its terminal event (nothing follows). */
export interface EventsAfter {
  events: JobEvent[];
  closed: boolean;
}

/** The most events one read returns; a reader asks again from the last id. */
const PAGE = 500;

/**
 * One job's event log (the object's name is the owner and the job id):
 * events numbered 1, 2, 3, ... in the order appended, each once by its
 * key (a Workflow step that runs again appends nothing new), closed by its
 * terminal event (`job.succeeded`, `job.failed`, `job.cancelled`): after
 * that nothing more is taken, so a cancelled job says nothing further.
 * SSE readers wait here for the next event (`after`), one call per batch.
 */
export class JobLog extends DurableObject<GatewayEnv> {
  readonly #sql: SqlStorage;
  readonly #waiters = new ChangeWaiters();
  /** Running steps watching for a cancel: woken only when the log closes, not by every event (each wake costs the step a call). */
  readonly #closeWatchers = new ChangeWaiters();
  #closed: boolean;

  constructor(ctx: DurableObjectState, env: GatewayEnv) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    createMissingTables(this.#sql, JOB_LOG_TABLES);
    const terminal = [...TERMINAL_JOB_EVENTS].map((type) => `'${type}'`).join(", ");
    this.#closed = this.#sql.exec(`SELECT 1 FROM events WHERE type IN (${terminal}) LIMIT 1`).toArray().length > 0;
  }

  /**
   * Appends an event under `key` and answers its id; a key seen before
   * answers the id it got then. A closed log takes nothing: null.
   */
  async append(key: string, type: JobEventType, data: Record<string, unknown>): Promise<number | null> {
    const known = this.#sql.exec<{ id: number }>("SELECT id FROM events WHERE key = ?", key).toArray()[0];
    if (known) return known.id;
    if (this.#closed) return null;
    const row = this.#sql.exec<{ id: number }>(
      "INSERT INTO events (key, type, data, created_at) VALUES (?, ?, ?, ?) RETURNING id", key, type, JSON.stringify(data), Date.now(),
    ).one();
    if (TERMINAL_JOB_EVENTS.has(type)) {
      this.#closed = true;
      this.#closeWatchers.wake();
    }
    this.#waiters.wake();
    return row.id;
  }

  /** The events after `lastId`; when there are none yet and the log is open, waits up to `waitMs` for one. */
  async after(lastId: number, waitMs = 0): Promise<EventsAfter> {
    let events = this.#read(lastId);
    if (events.length === 0 && !this.#closed && waitMs > 0) {
      await this.#waiters.next(waitMs);
      events = this.#read(lastId);
    }
    return { events, closed: this.#closed && events.length < PAGE };
  }

  /** Whether the log is closed; waits up to `waitMs` for it to close (a running step watching for a cancel). */
  async closed(waitMs = 0): Promise<boolean> {
    if (!this.#closed && waitMs > 0) await this.#closeWatchers.next(waitMs);
    return this.#closed;
  }

  #read(lastId: number): JobEvent[] {
    return this.#sql.exec<EventRow>("SELECT id, type, data FROM events WHERE id > ? ORDER BY id LIMIT ?", lastId, PAGE).toArray()
      .map((row) => ({ id: row.id, type: row.type, data: JSON.parse(row.data) as Record<string, unknown> }));
  }
}
