import type { AdmissionDecision, AdmissionRefusal, PlanLimits, ProviderId } from "@chorus/core";
import type { UserSettings } from "@chorus/db";
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

/** The state with the object's version of it: an isolate keeps the newest it has heard. */
export interface VersionedState extends UserState {
  version: number;
}

/** A plan's platform limits (config/plans.json); defined in @chorus/core with the logic that applies them. */
export type { PlanLimits };

/**
 * Which limits a permit counts toward. `sample`: the sample tier's 3;
 * `platform`: a verified user served with the platform's keys (tokens per
 * day, requests per minute); `own-key`: the user's own key serves (no
 * platform limits). The user's own usage limit applies to all three.
 */
export type Pool = "sample" | "platform" | "own-key";

/** A pool and what the object needs to know of its limits besides its own counts. */
export interface PoolRequest {
  pool: Pool;
  /** The plan's limits (`platform` only). */
  limits?: PlanLimits;
  /** True with RATE_LIMIT_BACKEND=upstash: requests per minute are counted there, not here. */
  rateLimitedElsewhere?: boolean;
}

/** Permits asked of one pool. */
export interface GrantRequest extends PoolRequest {
  /** Requests waiting now: granted exactly, or refused. */
  want: number;
  /** Permits wanted for the requests to come; the object grants some only while the limits have room to spare. */
  ahead: number;
}

/** Permits granted: the isolate admits with them, with no call, until `useBy`. */
export interface Lease {
  id: string;
  permits: number;
  useBy: number;
  /** The UTC day it was granted in, where its tokens count. */
  day: string;
}

export interface GrantAnswer {
  pool: Pool;
  /** Absent when nothing was granted. */
  lease?: Lease;
  /** Why the waiting requests the lease does not cover are refused. */
  refusal?: AdmissionRefusal;
}

/**
 * What became of one lease's permits so far, as running totals (sent again
 * whole, so a report that is lost or repeated changes nothing twice).
 */
export interface LeaseReport {
  lease: string;
  /** Admitted and served: they count toward the sample, the usage limit and, for the platform, the tokens. */
  served: number;
  /** Admitted, not served: given back (they stay in the rate window, which counts calls made). */
  unserved: number;
  /** Never used: given back, also to the rate window. */
  returned: number;
  /** Tokens in + out of the served answers. */
  tokens: number;
}

export interface LeaseInput {
  now: number;
  settle: LeaseReport[];
  grant: GrantRequest[];
}

export interface LeaseAnswer {
  state: VersionedState;
  /** Tokens of platform-served answers the object has counted today (UTC), after this call's reports. */
  tokens: { day: string; tokens: number };
  /** One per grant request, in order. */
  grants: GrantAnswer[];
}

/** Asks what the next request of one pool would meet, granting nothing; with the isolate's reports, as a lease call sends them. */
export interface StandingInput extends PoolRequest {
  now: number;
  settle: LeaseReport[];
}

export interface StandingAnswer {
  state: VersionedState;
  tokens: { day: string; tokens: number };
  /** What a grant for the pool would decide now. */
  decision: AdmissionDecision;
  /** Served so far (not in flight): the sample's answers, and requests in the current `usagePeriod`. */
  served: { sample: number; period: number };
}

/**
 * The `UserQuota` Durable Object's RPC surface, one object per user id
 * (`USER_QUOTA.getByName(userId)`). The gateway calls it through
 * `QuotaLeases`: `lease` when an isolate needs permits or has reports to
 * send (after responses, in batches), `state` when an isolate first
 * meets the user.
 */
export interface UserQuotaRpc {
  /** Applies the reports, then grants each pool asked for: all with no `await` in between. */
  lease(input: LeaseInput): Promise<LeaseAnswer>;
  state(): Promise<VersionedState>;
  /** After the reports, the decision a grant would make now, and the counts served (`GET /v1/me`). */
  standing(input: StandingInput): Promise<StandingAnswer>;
  /** Counts an own-key test at `now` against KEY_TESTS_PER_MINUTE, or says when one may run. */
  admitKeyTest(now: number): Promise<KeyTestDecision>;
  /** After a D1 write of the settings, so the next request sees them. */
  updateSettings(settings: UserSettings): Promise<VersionedState>;
  /** After an own key is stored or removed. */
  setOwnKeyProviders(providers: ProviderId[]): Promise<VersionedState>;
}
