import { decideAdmission, systemClock, TtlCache, type AdmissionDecision, type AdmissionRefusal, type Clock, type PlanLimits, type ProviderId } from "@chorus/core";
import type { UserSettings } from "@chorus/db";
import type { Tier } from "../auth/principal.ts";
import type { UserQuota } from "../durable/user-quota.ts";
import type { Pool, UserState, VersionedState } from "../durable/user-quota-types.ts";
import { HeldLease } from "./held-lease.ts";
import { LEASE_WAIT_MS, UserLeases, type KeepAlive, type PoolTerms } from "./user-leases.ts";

/**
 * How long a user's state is served from this isolate's memory without news
 * from their object. Every call to the object (leases, settlements: at
 * least one per batch of a user's requests) brings the state anew, so this
 * bounds only how stale it can be for a user who makes no model calls here.
 */
export const USER_STATE_TTL_MS = 60_000;
const MAX_USERS = 10_000;

export interface AdmitRequest {
  userId: string;
  tier: Tier;
  /** The plan's limits; they apply when the platform's key serves. */
  limits: PlanLimits;
  /** The user's own key serves the request (as the caller resolved its route): no platform limits. */
  ownKeyServes: boolean;
  /** True with RATE_LIMIT_BACKEND=upstash: requests per minute are counted there. */
  rateLimitedElsewhere: boolean;
  /** The request's `waitUntil`: the calls this request starts for others run in it, after its response. */
  waitUntil: KeepAlive;
}

/** What `standing` needs: an admission's terms, for no request. */
export type StandingRequest = Omit<AdmitRequest, "waitUntil">;

/** What the next request would meet, and the counts behind it. */
export interface Standing {
  decision: AdmissionDecision;
  user: UserState;
  /** Served so far (not in flight): the sample's answers, and requests in the user's current `usagePeriod`. */
  served: { sample: number; period: number };
  /** Tokens of platform-served answers today (UTC), as the user's object counted them. */
  tokensToday: number;
}

export interface AnswerEnd {
  /** False when the answer failed (after its response had started, for a stream cut on the provider's side). */
  served: boolean;
  /** Tokens in + out as the provider reported them; they count toward the plan's tokens per day when the platform's key served. */
  tokens?: number;
}

/** An admitted request. `settle` once its answer has ended: counted (served) or given back; sent later, in a batch. */
export interface Admitted {
  ok: true;
  settle(end: AnswerEnd): void;
}

export interface QuotaLeasesOptions {
  namespace: DurableObjectNamespace<UserQuota>;
  clock: Clock;
}

type StateWaiter = { resolve: (state: UserState) => void; reject: (error: unknown) => void };

function poolOf(request: StandingRequest): Pool {
  if (request.tier === "sample") return "sample";
  return request.ownKeyServes ? "own-key" : "platform";
}

function termsOf(request: StandingRequest, pool: Pool): PoolTerms {
  return pool === "platform" ? { limits: request.limits, rateLimitedElsewhere: request.rateLimitedElsewhere } : {};
}

function logFailure(error: unknown): void {
  console.error(JSON.stringify({ quota: "lease call failed", error: error instanceof Error ? error.message : String(error) }));
}

/**
 * The isolate's side of the users' quotas (one per isolate and UserQuota
 * namespace: `quotaLeasesFor`). Holds each user's state (settings, own-key
 * providers) in memory, and leases of permits from the user's object, so a
 * request is admitted with no Durable Object call while permits are held:
 * the object is asked ahead, in the background, and told how requests
 * ended in batches after the responses (`UserLeases`). Limits hold as
 * docs/storage.md says.
 */
export class QuotaLeases {
  readonly #namespace: DurableObjectNamespace<UserQuota>;
  readonly #clock: Clock;
  readonly #states: TtlCache<VersionedState>;
  readonly #users = new Map<string, UserLeases>();
  /** Requests waiting for a user's state another request is reading, each on a promise of its own. */
  readonly #loading = new Map<string, StateWaiter[]>();

  constructor(options: QuotaLeasesOptions) {
    this.#namespace = options.namespace;
    this.#clock = options.clock;
    this.#states = new TtlCache({ ttlMs: USER_STATE_TTL_MS, maxEntries: MAX_USERS, now: () => this.#clock.now(), name: "QuotaLeases" });
  }

  /**
   * The user's settings and own-key providers: from memory, or from one
   * call to their object when this isolate does not know them (requests
   * that arrive meanwhile wait for that call).
   */
  async userState(userId: string): Promise<UserState> {
    const known = this.#states.get(userId);
    if (known) return known;
    const loading = this.#loading.get(userId);
    if (loading) return this.#join(loading);
    const joined: StateWaiter[] = [];
    this.#loading.set(userId, joined);
    try {
      this.#heard(userId, await this.#namespace.getByName(userId).state());
      const state = this.#states.get(userId)!;
      for (const waiter of joined) waiter.resolve(state);
      return state;
    } catch (error) {
      for (const waiter of joined) waiter.reject(error);
      throw error;
    } finally {
      this.#loading.delete(userId);
    }
  }

  /** Waits for another request's read of a user's state, on a promise of this request's own (one of another request may die with it). */
  async #join(loading: StateWaiter[]): Promise<UserState> {
    let cancel = () => {};
    try {
      return await new Promise<UserState>((resolve, reject) => {
        loading.push({ resolve, reject });
        cancel = this.#clock.timer(LEASE_WAIT_MS, () => reject(new Error(`the user's state was not read within ${LEASE_WAIT_MS} ms`)));
      });
    } finally {
      cancel();
    }
  }

  /**
   * Admits one request or says why not. Refused at once, with no call, when
   * the user turned AI off or (platform) today's tokens as this isolate
   * knows them are spent; else admitted with a permit held here, or with
   * one of the next lease (the one call a request may wait for).
   */
  async admit(request: AdmitRequest): Promise<Admitted | AdmissionRefusal> {
    const { userId, waitUntil } = request;
    const state = await this.userState(userId);
    const pool = poolOf(request);
    const local = this.#localDecision(request, pool, state, this.#clock.now());
    if (!local.ok) return local;
    const terms = termsOf(request, pool);
    const user = this.#user(userId);
    const got = await user.acquire(pool, terms, waitUntil);
    if (!(got instanceof HeldLease)) return got;
    let settled = false;
    return {
      ok: true,
      settle(end) {
        if (settled) return;
        settled = true;
        user.settle(got, end.served, end.served ? Math.max(0, Math.round(end.tokens ?? 0)) : 0, waitUntil);
      },
    };
  }

  /**
   * What the next request would meet, taking and asking for no permit
   * (`GET /v1/me`): refused here as `admit` refuses with no call; admitted
   * when a permit is held here; else what the user's object would decide
   * on a grant now, after this isolate's reports. With the object's counts.
   * Upstash's requests per minute are not asked: asking would count.
   */
  async standing(request: StandingRequest): Promise<Standing> {
    const { userId } = request;
    const pool = poolOf(request);
    const now = this.#clock.now();
    const user = this.#users.get(userId);
    const settle = user?.reportsDue(now) ?? [];
    const answer = await this.#namespace.getByName(userId).standing({ now, settle, pool, ...termsOf(request, pool) });
    user?.acknowledge(settle, answer.tokens);
    this.#heard(userId, answer.state);
    const state = this.#states.get(userId) ?? answer.state;
    const local = this.#localDecision(request, pool, state, now);
    const decision = !local.ok || user?.holds(pool, now) ? local : answer.decision;
    return { decision, user: state, served: answer.served, tokensToday: answer.tokens.tokens };
  }

  /** What `admit` decides with no call: the user's switch, and (platform) today's tokens as this isolate knows them. */
  #localDecision(request: StandingRequest, pool: Pool, state: UserState, now: number): AdmissionDecision {
    const platform = pool === "platform" ? { limits: request.limits, tokensToday: this.#users.get(request.userId)?.tokensKnown(now) ?? 0 } : undefined;
    return decideAdmission({ now, aiEnabled: state.settings.aiEnabled, ...(platform && { platform }) });
  }

  /**
   * After a D1 write of the user's settings: their object and this
   * isolate's copy take them at once, and the permits held here go back, so
   * the next request is admitted under the new settings (another isolate
   * hears of them at its next call).
   */
  async updateSettings(userId: string, settings: UserSettings): Promise<UserState> {
    this.#heard(userId, await this.#namespace.getByName(userId).updateSettings(settings));
    await this.#users.get(userId)?.returnUnused();
    return this.#states.get(userId)!;
  }

  /** After an own key is stored or removed: which providers the user holds a key for. */
  async setOwnKeyProviders(userId: string, providers: ProviderId[]): Promise<UserState> {
    this.#heard(userId, await this.#namespace.getByName(userId).setOwnKeyProviders(providers));
    return this.#states.get(userId)!;
  }

  /** Keeps the newest state heard: an answer that was under way during a write here is older than what the write returned. */
  #heard(userId: string, state: VersionedState): void {
    const known = this.#states.get(userId);
    if (!known || state.version >= known.version) this.#states.set(userId, state);
  }

  #user(userId: string): UserLeases {
    let user = this.#users.get(userId);
    if (user) return user;
    const namespace = this.#namespace;
    user = new UserLeases({
      call: (input) => namespace.getByName(userId).lease(input),
      clock: this.#clock,
      onState: (state) => this.#heard(userId, state),
      onError: logFailure,
      onIdle: () => {
        if (this.#users.get(userId)?.idle) this.#users.delete(userId);
      },
    });
    this.#users.set(userId, user);
    return user;
  }
}

const perNamespace = new WeakMap<DurableObjectNamespace<UserQuota>, QuotaLeases>();

/** The isolate's QuotaLeases for this UserQuota namespace, on the system clock. */
export function quotaLeasesFor(namespace: DurableObjectNamespace<UserQuota>): QuotaLeases {
  let leases = perNamespace.get(namespace);
  if (!leases) perNamespace.set(namespace, (leases = new QuotaLeases({ namespace, clock: systemClock })));
  return leases;
}
