import type { AdmissionRefusal, PlanLimits, ProviderId, ServingHint } from "@chorus/core";
import type { UserSettings } from "@chorus/db";
import type { Plan, Tier } from "../auth/principal.ts";
import type { KeyTestDecision } from "./key-test-log.ts";

/**
 * What the gateway knows of a user on the hot path, kept by the user's
 * `UserQuota` object so D1 is not read per request: the settings of
 * CONTRACT.md and which providers the user has stored an own key for (never
 * the keys themselves).
 */
export interface UserState {
  settings: UserSettings;
  ownKeyProviders: ProviderId[];
}

/** A plan's platform limits (config/plans.json); defined in @chorus/core with the logic that applies them. */
export type { PlanLimits };

export interface AdmitInput {
  tier: Tier;
  plan: Plan;
  limits: PlanLimits;
  /**
   * The user's own key will serve this request: no platform limits apply
   * (CONTRACT.md). Leave it out and send `serving` instead when the caller
   * cannot know (it depends on the user's `preferredModel` and own keys, which
   * the object holds): the object decides, in the same call.
   */
  ownKeyServes?: boolean;
  /** How the request resolves, less what the object knows (preference, own keys): `ServingHint` in @chorus/core. */
  serving?: ServingHint;
  /** True with RATE_LIMIT_BACKEND=upstash: requests per minute are counted there, not here. */
  rateLimitedElsewhere?: boolean;
  /** A reservation not settled within this long stops holding its slot (a crashed request); default 15 minutes. */
  leaseMs?: number;
  now: number;
}

export type AdmitResult =
  | { ok: true; state: UserState; reservation: string; ownKeyServes: boolean }
  | (AdmissionRefusal & { state: UserState });

/** How an admitted request ended: only served requests count (sample tier, usage limit). */
export interface SettleInput {
  reservation: string;
  served: boolean;
  tokens: number;
}

/**
 * The `UserQuota` Durable Object's RPC surface, one object per user id
 * (`USER_QUOTA.getByName(userId)`). A request that hits no limit makes exactly
 * one call on its hot path (`admit`); `settle` runs after the response.
 */
export interface UserQuotaRpc {
  admit(input: AdmitInput): Promise<AdmitResult>;
  settle(input: SettleInput): Promise<void>;
  /** Counts an own-key test at `now` against KEY_TESTS_PER_MINUTE, or says when one may run. */
  admitKeyTest(now: number): Promise<KeyTestDecision>;
  /** After a D1 write of the settings, so the next request sees them. */
  updateSettings(settings: UserSettings): Promise<void>;
  /** After an own key is stored or removed. */
  setOwnKeyProviders(providers: ProviderId[]): Promise<void>;
  state(): Promise<UserState>;
}
