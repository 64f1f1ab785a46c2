import {
  acquirePermit, advanceBreaker, applyBreakerOutcome, DEFAULT_BREAKER_POLICY, releasePermit, summarizeHealth,
  type AcquireDecision, type BreakerOutcome, type BreakerPolicy, type BreakerScope, type BreakerState, type CircuitState,
  type HealthSample, type HealthStats,
} from "@chorus/core";
import { DurableObject } from "cloudflare:workers";
import type { GatewayEnv } from "../env.ts";
import { CIRCUIT_TABLE, readCircuit, writeCircuit } from "./breaker-circuit.ts";
import { createMissingTables } from "./create-missing-tables.ts";

/** Health looks at the last this many outcomes... */
export const HEALTH_WINDOW_SIZE = 200;
/** ...of at most this age, so an hour-old slowness does not steer today's choices. */
export const HEALTH_WINDOW_MS = 5 * 60_000;
/** An object nobody used for this long forgets everything (keys rotate; own keys come and go). */
export const BREAKER_IDLE_MS = 7 * 24 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** The object's tables (docs/storage.md), for `createMissingTables`. */
export const BREAKER_TABLES = {
  circuit: CIRCUIT_TABLE,
  outcomes: `CREATE TABLE outcomes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    model TEXT NOT NULL,
    kind TEXT NOT NULL,
    latency_ms INTEGER NOT NULL,
    ttft_ms INTEGER
  )`,
  daily_tokens: `CREATE TABLE daily_tokens (
    day TEXT NOT NULL,
    model TEXT NOT NULL,
    tokens INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    PRIMARY KEY (day, model)
  )`,
  guardrail_penalties: `CREATE TABLE guardrail_penalties (
    feature TEXT PRIMARY KEY,
    penalized_until INTEGER NOT NULL
  )`,
};

export interface AcquireOptions {
  /** Clock override for tests; the object's own clock otherwise. */
  now?: number;
  /** How long a half-open permit lasts (the gateway sends its request deadline plus a grace). */
  leaseMs?: number;
}

export interface RecordSettings {
  /** Which failures count here: the provider's circuit or one key's cooldown. */
  scope: BreakerScope;
  /** The gateway's CIRCUIT_BREAKER_* settings; sent with each call so one place parses them. */
  policy: Pick<BreakerPolicy, "threshold" | "windowMs" | "resetMs">;
  now?: number;
}

/** `acquire`'s answer, with the version of the state it left. */
export type AcquireAnswer = AcquireDecision & { version: number };

export interface ModelHealth extends HealthStats {
  tokensToday: number;
}

export interface BreakerSnapshot extends HealthStats {
  state: CircuitState;
  /** Grows with every change of the circuit, so a reader can drop an answer older than one it has. */
  version: number;
  /** Open: when it may be probed. Half-open with a probe out: when that probe's lease ends. */
  openUntil?: number;
  /** Open: when it opened; a recovery after it (a key that served) ends the open period. */
  openedAt?: number;
  /** Tokens (in + out) of answers served today (UTC), for daily budgets. */
  tokensToday: number;
  /** Answers today that reported tokens, to average a request's share of a budget. */
  requestsToday: number;
  perModel: Record<string, ModelHealth>;
  /** Provider objects: feature -> until when this provider ranks last for it after breaking its guardrails (by the gateway's clock). */
  guardrailPenalties: Record<string, number>;
}

type WindowEntry = { id: number; at: number; model: string; sample: HealthSample };
type OutcomeRow = { model: string; kind: string; latency_ms: number; ttft_ms: number | null };
type TokenRow = { model: string; tokens: number; requests: number };

function sampleOf(kind: string, latencyMs: number, ttftMs: number | null): HealthSample {
  const sample: HealthSample = { kind: kind as HealthSample["kind"], latencyMs };
  if (ttftMs !== null) sample.ttftMs = ttftMs;
  return sample;
}

function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** Where the memo should look again: open until the period ends, half-open with a probe out until its lease ends. */
function openUntilOf(state: BreakerState): number | undefined {
  if (state.state === "open") return state.openUntil;
  if (state.state === "half_open") return state.permit?.expiresAt;
  return undefined;
}

/**
 * One circuit breaker: a provider's (`provider:<id>`) or one key's
 * (`key:<id>:<fingerprint>`), named by the gateway. It decides `acquire` and
 * applies `recordMany`; the Worker makes the upstream call itself. Every method
 * reads and writes synchronously through `ctx.storage.sql` with no `await`
 * between, so concurrent callers can never both see "half-open, no probe out".
 * Open -> half-open is computed on read (no alarm needed for it); the one
 * alarm forgets an object idle for BREAKER_IDLE_MS. Tables: docs/storage.md.
 */
export class Breaker extends DurableObject<GatewayEnv> {
  readonly #sql: SqlStorage;
  /** When this instance last scheduled the idle alarm; avoids rescheduling on every call. */
  #alarmAt = 0;
  /** The `outcomes` table, oldest first, kept in memory so an answer summarizes it without reading every row. */
  #window: WindowEntry[] | undefined;
  /** The oldest day `daily_tokens` was last pruned to. */
  #tokensKeptFrom: string | undefined;

  constructor(ctx: DurableObjectState, env: GatewayEnv) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    createMissingTables(this.#sql, BREAKER_TABLES);
  }

  /** May a request go now? Closed: yes. Open: no, and until when. Half-open: one permit at a time. */
  async acquire(options: AcquireOptions = {}): Promise<AcquireAnswer> {
    const now = options.now ?? Date.now();
    const { next, decision } = acquirePermit(readCircuit(this.#sql).circuit, {
      now, policy: { leaseMs: options.leaseMs ?? DEFAULT_BREAKER_POLICY.leaseMs }, permitId: crypto.randomUUID(),
    });
    const version = writeCircuit(this.#sql, next);
    await this.#keepUntilIdle();
    return { ...decision, version };
  }

  /**
   * Applies attempts' outcomes, in order, to the circuit (one write) and the
   * health window; answers the new snapshot. An isolate sends its batch here.
   */
  async recordMany(outcomes: readonly BreakerOutcome[], settings: RecordSettings): Promise<BreakerSnapshot> {
    const now = settings.now ?? Date.now();
    let state = readCircuit(this.#sql).circuit;
    for (const outcome of outcomes) state = applyBreakerOutcome(state, outcome, { scope: settings.scope, policy: settings.policy, now });
    this.#remember(outcomes, now);
    writeCircuit(this.#sql, state);
    await this.#keepUntilIdle();
    return this.#snapshot(now);
  }

  /** Gives back a probe permit the request never used. */
  async release(permit: string, now = Date.now()): Promise<BreakerSnapshot> {
    writeCircuit(this.#sql, releasePermit(readCircuit(this.#sql).circuit, permit, now));
    return this.#snapshot(now);
  }

  /**
   * Ranks this provider last for `feature` until `until` (a later one of
   * several wins), for every isolate: their memos read it with the circuit.
   */
  async penalize(feature: string, until: number, now = Date.now()): Promise<BreakerSnapshot> {
    this.#sql.exec("DELETE FROM guardrail_penalties WHERE penalized_until <= ?", now);
    this.#sql.exec(
      `INSERT INTO guardrail_penalties (feature, penalized_until) VALUES (?, ?)
       ON CONFLICT (feature) DO UPDATE SET penalized_until = MAX(penalized_until, excluded.penalized_until)`,
      feature, until,
    );
    await this.#keepUntilIdle();
    return this.#snapshot(now);
  }

  async snapshot(now = Date.now()): Promise<BreakerSnapshot> {
    return this.#snapshot(now);
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    const row = this.#sql.exec<{ touched_at: number }>("SELECT touched_at FROM circuit WHERE id = 1").toArray()[0];
    if (row && now - row.touched_at < BREAKER_IDLE_MS) {
      this.#alarmAt = row.touched_at + BREAKER_IDLE_MS;
      await this.ctx.storage.setAlarm(this.#alarmAt);
      return;
    }
    for (const table of Object.keys(BREAKER_TABLES)) this.#sql.exec(`DELETE FROM ${table}`);
    this.#window = undefined;
  }

  /** The window; read again only when the table's newest id is not the one held (rows written or deleted behind this instance). */
  #outcomes(): WindowEntry[] {
    const newest = this.#sql.exec<{ id: number | null }>("SELECT MAX(id) AS id FROM outcomes").one().id ?? undefined;
    if (this.#window && this.#window.at(-1)?.id !== newest) this.#window = undefined;
    this.#window ??= this.#sql.exec<OutcomeRow & { id: number; at: number }>("SELECT id, at, model, kind, latency_ms, ttft_ms FROM outcomes ORDER BY id")
      .toArray().map((row) => ({ id: row.id, at: row.at, model: row.model, sample: sampleOf(row.kind, row.latency_ms, row.ttft_ms) }));
    return this.#window;
  }

  /** Adds a batch to the health window (pruned once for the batch) and its tokens to the day's totals (one row per model). */
  #remember(outcomes: readonly BreakerOutcome[], now: number): void {
    const window = this.#outcomes();
    const tokens = new Map<string, { tokens: number; requests: number }>();
    let id = 0;
    for (const outcome of outcomes) {
      const latencyMs = Math.max(0, Math.round(outcome.latencyMs));
      const ttftMs = outcome.ttftMs === undefined ? null : Math.round(outcome.ttftMs);
      id = this.#sql.exec<{ id: number }>(
        "INSERT INTO outcomes (at, model, kind, latency_ms, ttft_ms) VALUES (?, ?, ?, ?, ?) RETURNING id", now, outcome.model, outcome.kind, latencyMs, ttftMs,
      ).one().id;
      window.push({ id, at: now, model: outcome.model, sample: sampleOf(outcome.kind, latencyMs, ttftMs) });
      if (outcome.tokens === undefined || outcome.tokens < 0) continue;
      const total = tokens.get(outcome.model) ?? { tokens: 0, requests: 0 };
      total.tokens += Math.round(outcome.tokens);
      total.requests++;
      tokens.set(outcome.model, total);
    }
    const keep = (entry: WindowEntry) => entry.id > id - HEALTH_WINDOW_SIZE && entry.at >= now - HEALTH_WINDOW_MS;
    if (!window.every(keep)) {
      this.#sql.exec("DELETE FROM outcomes WHERE id <= ? OR at < ?", id - HEALTH_WINDOW_SIZE, now - HEALTH_WINDOW_MS);
      this.#window = window.filter(keep);
    }
    if (tokens.size === 0) return;
    for (const [model, total] of tokens) {
      this.#sql.exec(
        `INSERT INTO daily_tokens (day, model, tokens, requests) VALUES (?, ?, ?, ?)
         ON CONFLICT (day, model) DO UPDATE SET tokens = tokens + excluded.tokens, requests = requests + excluded.requests`,
        utcDay(now), model, total.tokens, total.requests,
      );
    }
    // Yesterday stays for a report that straddles midnight; older days are of no use to a daily budget. Once per day seen.
    const yesterday = utcDay(now - DAY_MS);
    if (yesterday === this.#tokensKeptFrom) return;
    this.#sql.exec("DELETE FROM daily_tokens WHERE day < ?", yesterday);
    this.#tokensKeptFrom = yesterday;
  }

  #snapshot(now: number): BreakerSnapshot {
    const { circuit, version } = readCircuit(this.#sql);
    const state = advanceBreaker(circuit, now);
    const tokens = this.#sql.exec<TokenRow>("SELECT model, tokens, requests FROM daily_tokens WHERE day = ?", utcDay(now)).toArray();
    const samples = new Map<string, HealthSample[]>();
    for (const entry of this.#outcomes()) {
      if (entry.at < now - HEALTH_WINDOW_MS) continue;
      const list = samples.get(entry.model);
      if (list) list.push(entry.sample);
      else samples.set(entry.model, [entry.sample]);
    }
    const perModel: Record<string, ModelHealth> = {};
    for (const [model, list] of samples) perModel[model] = { ...summarizeHealth(list), tokensToday: 0 };
    for (const row of tokens) perModel[row.model] = { ...(perModel[row.model] ?? summarizeHealth([])), tokensToday: row.tokens };
    const snapshot: BreakerSnapshot = {
      state: state.state,
      version,
      ...summarizeHealth([...samples.values()].flat()),
      tokensToday: tokens.reduce((sum, row) => sum + row.tokens, 0),
      requestsToday: tokens.reduce((sum, row) => sum + row.requests, 0),
      perModel,
      guardrailPenalties: Object.fromEntries(this.#sql.exec<{ feature: string; penalized_until: number }>(
        "SELECT feature, penalized_until FROM guardrail_penalties WHERE penalized_until > ?", now,
      ).toArray().map((row) => [row.feature, row.penalized_until])),
    };
    const openUntil = openUntilOf(state);
    if (openUntil !== undefined) snapshot.openUntil = openUntil;
    if (state.state === "open") snapshot.openedAt = state.openedAt;
    return snapshot;
  }

  /** Schedules the idle alarm, at most once a day per instance. */
  async #keepUntilIdle(): Promise<void> {
    const now = Date.now();
    if (this.#alarmAt > now + BREAKER_IDLE_MS - DAY_MS) return;
    this.#alarmAt = now + BREAKER_IDLE_MS;
    await this.ctx.storage.setAlarm(this.#alarmAt);
  }
}
