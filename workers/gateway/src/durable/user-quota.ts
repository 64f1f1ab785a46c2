import { decideAdmission, servingProvider, type AdmissionInput, type ProviderId } from "@chorus/core";
import { createDb, getSettings, listOwnKeys, type UserSettings } from "@chorus/db";
import { DurableObject } from "cloudflare:workers";
import type { GatewayEnv } from "../env.ts";
import { createMissingTables } from "./create-missing-tables.ts";
import { KEY_TEST_TABLES, KeyTestLog, type KeyTestDecision } from "./key-test-log.ts";
import { QUOTA_LEDGER_TABLES, QuotaLedger } from "./quota-ledger.ts";
import type { AdmitInput, AdmitResult, SettleInput, UserQuotaRpc, UserState } from "./user-quota-types.ts";

/** How long an admitted request may run before its reservation stops holding a slot: longer than any deadline or stream. */
export const DEFAULT_LEASE_MS = 15 * 60_000;

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
 * per-second buckets),
 * and the user's settings and own-key providers, read from D1 on first use
 * and then kept here (in memory, and in storage for STORED_STATE_FRESH_MS
 * across restarts) so requests do not read D1.
 *
 * `admit` reserves a slot and `settle` commits or refunds it, so a burst of
 * parallel requests can never be admitted past a limit: after the state is
 * loaded, reading the counters, deciding and reserving run with no `await`,
 * and the object handles one such step at a time. Counters: QuotaLedger,
 * tables in docs/storage.md.
 */
export class UserQuota extends DurableObject<GatewayEnv> implements UserQuotaRpc {
  readonly #ledger: QuotaLedger;
  readonly #keyTests: KeyTestLog;
  #settings: UserSettings | undefined;
  #ownKeyProviders: ProviderId[] | undefined;
  #loading: Promise<void> | undefined;

  constructor(ctx: DurableObjectState, env: GatewayEnv) {
    super(ctx, env);
    const existing = createMissingTables(ctx.storage.sql, { ...QUOTA_LEDGER_TABLES, ...KEY_TEST_TABLES, user_state: USER_STATE_TABLE });
    this.#ledger = new QuotaLedger(ctx.storage.sql, existing);
    this.#keyTests = new KeyTestLog(ctx.storage.sql);
  }

  async admit(input: AdmitInput): Promise<AdmitResult> {
    const state = await this.#state();
    // From here on nothing awaits: the check and the reservation are one step.
    const { now } = input;
    const provider = input.serving && servingProvider(input.serving, { preferredModel: state.settings.preferredModel, ownKeyProviders: state.ownKeyProviders });
    const ownKeyServes = input.ownKeyServes ?? (provider !== undefined && state.ownKeyProviders.includes(provider));
    const sample = input.tier === "sample";
    const platform = !sample && !ownKeyServes;
    const rate = platform && input.rateLimitedElsewhere !== true;
    this.#ledger.prune(now);

    const admission: AdmissionInput = { now, aiEnabled: state.settings.aiEnabled };
    if (sample) admission.sampleUsed = this.#ledger.sampleUsed(now);
    const { usageLimit, usagePeriod } = state.settings;
    if (usageLimit !== null) admission.usage = { limit: usageLimit, period: usagePeriod, used: this.#ledger.periodUsed(usagePeriod, now) };
    if (platform) {
      admission.platform = { limits: input.limits, tokensToday: this.#ledger.platformTokensToday(now) };
      if (rate) admission.platform.recent = this.#ledger.recentRequests();
    }
    const decision = decideAdmission(admission);
    if (!decision.ok) return { ...decision, state };

    const reservation = crypto.randomUUID();
    this.#ledger.reserve({ id: reservation, now, expiresAt: now + (input.leaseMs ?? DEFAULT_LEASE_MS), sample, platform, rate });
    return { ok: true, state, reservation, ownKeyServes };
  }

  async admitKeyTest(now: number): Promise<KeyTestDecision> {
    return this.#keyTests.admit(now);
  }

  async settle(input: SettleInput): Promise<void> {
    this.#ledger.settle(input.reservation, input.served, input.tokens);
  }

  async updateSettings(settings: UserSettings): Promise<void> {
    this.#settings = { ...settings, favoriteModels: [...settings.favoriteModels] };
    this.#store();
  }

  async setOwnKeyProviders(providers: ProviderId[]): Promise<void> {
    this.#ownKeyProviders = [...new Set(providers)];
    this.#store();
  }

  async state(): Promise<UserState> {
    return this.#state();
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
   * (evicted when idle) answers its first admit without reading D1.
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
