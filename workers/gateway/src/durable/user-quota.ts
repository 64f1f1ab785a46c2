import {
  admissionHeadroom, decideAdmission, LEASE_HOLD_MS, LEASE_USE_BY_MS, leaseSize, periodAt, type AdmissionInput, type ProviderId,
} from "@chorus/core";
import { createDb, getSettings, listOwnKeys, type UserSettings } from "@chorus/db";
import { DurableObject } from "cloudflare:workers";
import type { GatewayEnv } from "../env.ts";
import { createMissingTables } from "./create-missing-tables.ts";
import { KEY_TEST_TABLES, KeyTestLog, type KeyTestDecision } from "./key-test-log.ts";
import { QUOTA_LEDGER_TABLES, QuotaLedger } from "./quota-ledger.ts";
import type {
  GrantAnswer, GrantRequest, LeaseAnswer, LeaseInput, PoolRequest, StandingAnswer, StandingInput, UserQuotaRpc, UserState, VersionedState,
} from "./user-quota-types.ts";

/**
 * How long the copy of the user's state kept in the object's own storage
 * serves a restarted object before D1 is read again. The gateway updates the
 * object on every write of settings or keys; the limit bounds how long a
 * missed update (the call failed after the D1 write) can outlive a restart.
 */
export const STORED_STATE_FRESH_MS = 10 * 60_000;

const USER_STATE_TABLE = `CREATE TABLE user_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  settings TEXT NOT NULL,
  own_key_providers TEXT NOT NULL,
  loaded_at INTEGER NOT NULL
)`;

type StateRow = { settings: string; own_key_providers: string; loaded_at: number };

/**
 * One user's quotas and hot-path state (`USER_QUOTA.getByName(userId)`):
 * the sample tier's 3, the user's own usage limit per day or month, the
 * plan's tokens per day and requests per minute (a sliding window of
 * per-second buckets), and the user's settings and own-key providers, read
 * from D1 on first use and then kept here (in memory, and in storage for
 * STORED_STATE_FRESH_MS across restarts) so requests do not read D1.
 *
 * Isolates do not ask it per request: `lease` grants an isolate permits per
 * pool, which count as in flight toward every limit until reported, so a
 * burst of parallel requests, in any number of isolates, is never admitted
 * past a limit; the isolate admits with them on its own and reports how
 * they ended in batches (`QuotaLeases`). Reports, decisions and grants of
 * one call run with no `await` once the state is loaded, one call at a time.
 * Counters: QuotaLedger, tables in docs/storage.md.
 */
export class UserQuota extends DurableObject<GatewayEnv> implements UserQuotaRpc {
  readonly #ledger: QuotaLedger;
  readonly #keyTests: KeyTestLog;
  #settings: UserSettings | undefined;
  #ownKeyProviders: ProviderId[] | undefined;
  #loading: Promise<void> | undefined;
  /** Moves on every change of the state; starts from the clock so a restarted object never answers an older version. */
  #version = Date.now();

  constructor(ctx: DurableObjectState, env: GatewayEnv) {
    super(ctx, env);
    createMissingTables(ctx.storage.sql, { ...QUOTA_LEDGER_TABLES, ...KEY_TEST_TABLES, user_state: USER_STATE_TABLE });
    this.#ledger = new QuotaLedger(ctx.storage.sql);
    this.#keyTests = new KeyTestLog(ctx.storage.sql);
  }

  async lease(input: LeaseInput): Promise<LeaseAnswer> {
    const state = await this.#state();
    // From here on nothing awaits: reports, checks and grants are one step.
    const { now } = input;
    this.#ledger.prune(now);
    this.#ledger.report(input.settle);
    const grants = input.grant.map((request) => this.#grant(request, state, now));
    return {
      state: { ...state, version: this.#version },
      tokens: { day: periodAt(now, "daily").key, tokens: this.#ledger.platformTokensToday(now) },
      grants,
    };
  }

  async standing(input: StandingInput): Promise<StandingAnswer> {
    const state = await this.#state();
    // As in `lease`: nothing awaits from here on.
    const { now } = input;
    this.#ledger.prune(now);
    this.#ledger.report(input.settle);
    return {
      state: { ...state, version: this.#version },
      tokens: { day: periodAt(now, "daily").key, tokens: this.#ledger.platformTokensToday(now) },
      decision: decideAdmission(this.#admission(input, state, now)),
      served: { sample: this.#ledger.sampleServed(), period: this.#ledger.periodServed(state.settings.usagePeriod, now) },
    };
  }

  async state(): Promise<VersionedState> {
    return { ...(await this.#state()), version: this.#version };
  }

  async admitKeyTest(now: number): Promise<KeyTestDecision> {
    return this.#keyTests.admit(now);
  }

  async updateSettings(settings: UserSettings): Promise<VersionedState> {
    this.#settings = { ...settings, favoriteModels: [...settings.favoriteModels] };
    return this.#changed();
  }

  async setOwnKeyProviders(providers: ProviderId[]): Promise<VersionedState> {
    this.#ownKeyProviders = [...new Set(providers)];
    return this.#changed();
  }

  /** What the limits of `request`'s pool say now, counting every permit in flight. */
  #admission(request: PoolRequest, state: UserState, now: number): AdmissionInput {
    const admission: AdmissionInput = { now, aiEnabled: state.settings.aiEnabled };
    if (request.pool === "sample") admission.sampleUsed = this.#ledger.sampleUsed(now);
    const { usageLimit, usagePeriod } = state.settings;
    if (usageLimit !== null) admission.usage = { limit: usageLimit, period: usagePeriod, used: this.#ledger.periodUsed(usagePeriod, now) };
    if (request.pool === "platform") {
      if (!request.limits) throw new Error("UserQuota.lease: a platform grant needs the plan's limits");
      admission.platform = { limits: request.limits, tokensToday: this.#ledger.platformTokensToday(now) };
      if (request.rateLimitedElsewhere !== true) admission.platform.recent = this.#ledger.recentRequests();
    }
    return admission;
  }

  /**
   * Grants the requests waiting what the limits allow, plus permits ahead
   * while they have room to spare (`leaseSize`); the waiting requests left
   * over get the refusal that now applies.
   */
  #grant(request: GrantRequest, state: UserState, now: number): GrantAnswer {
    const { pool } = request;
    const before = this.#admission(request, state, now);
    const decision = decideAdmission(before);
    if (!decision.ok) return { pool, refusal: decision };
    const permits = leaseSize({ want: request.want, ahead: pool === "sample" ? 0 : request.ahead, headroom: admissionHeadroom(before) });
    if (permits === 0) return { pool };
    const id = crypto.randomUUID();
    const rate = pool === "platform" && request.rateLimitedElsewhere !== true;
    this.#ledger.grant({ id, pool, permits, now, expiresAt: now + LEASE_HOLD_MS, rate });
    const answer: GrantAnswer = { pool, lease: { id, permits, useBy: now + LEASE_USE_BY_MS, day: periodAt(now, "daily").key } };
    if (permits < request.want) {
      const after = decideAdmission(this.#admission(request, state, now));
      if (!after.ok) answer.refusal = after;
    }
    return answer;
  }

  async #changed(): Promise<VersionedState> {
    this.#version = Math.max(this.#version + 1, Date.now());
    this.#store();
    // Read after the update: before the first load the other half comes from it (which keeps this half).
    return { ...(await this.#state()), version: this.#version };
  }

  async #state(): Promise<UserState> {
    if (!this.#settings || !this.#ownKeyProviders) {
      // One load for every call that arrives meanwhile; a failed load is retried by the next call.
      this.#loading ??= this.#load().finally(() => (this.#loading = undefined));
      await this.#loading;
    }
    return { settings: this.#settings!, ownKeyProviders: this.#ownKeyProviders! };
  }

  /**
   * Reads what is not known yet from D1. `??=`: an `updateSettings` or
   * `setOwnKeyProviders` that arrives while the read is in flight follows a
   * D1 write, so it is newer than what the read returns and is kept.
   */
  async #load(): Promise<void> {
    const stored = this.ctx.storage.sql.exec<StateRow>("SELECT settings, own_key_providers, loaded_at FROM user_state WHERE id = 1").toArray()[0];
    if (stored && Date.now() - stored.loaded_at < STORED_STATE_FRESH_MS) {
      const updated = this.#settings !== undefined || this.#ownKeyProviders !== undefined;
      this.#settings ??= JSON.parse(stored.settings) as UserSettings;
      this.#ownKeyProviders ??= JSON.parse(stored.own_key_providers) as ProviderId[];
      // An update that arrived before this read is newer than the stored copy: keep it there too.
      if (updated) this.#store(stored.loaded_at);
      return;
    }
    const userId = this.ctx.id.name;
    if (userId === undefined) throw new Error("UserQuota must be addressed by user id (USER_QUOTA.getByName(userId))");
    const db = createDb(this.env.DB);
    const [settings, keys] = await Promise.all([
      this.#settings ? undefined : getSettings(db, userId),
      this.#ownKeyProviders ? undefined : listOwnKeys(db, userId),
    ]);
    if (settings) this.#settings ??= settings;
    if (keys) this.#ownKeyProviders ??= keys.map((key) => key.provider);
    this.#store(Date.now());
  }

  /**
   * Keeps the state in the object's storage, so an object that restarts
   * (evicted when idle) answers its first call without reading D1.
   * `loadedAt`: when it was last read from D1; an update keeps that time.
   */
  #store(loadedAt?: number): void {
    if (!this.#settings || !this.#ownKeyProviders) return;
    this.ctx.storage.sql.exec(
      `INSERT INTO user_state (id, settings, own_key_providers, loaded_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, own_key_providers = excluded.own_key_providers,
         loaded_at = COALESCE(?, user_state.loaded_at)`,
      JSON.stringify(this.#settings), JSON.stringify(this.#ownKeyProviders), loadedAt ?? Date.now(), loadedAt ?? null,
    );
  }
}
