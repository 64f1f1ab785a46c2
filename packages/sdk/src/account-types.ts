/** The caller's own account: settings, own provider keys, usage, and what they may do now (CONTRACT.md "Endpoints"). */

export type ChorusUsagePeriod = "daily" | "monthly";

/** `GET /v1/settings`. */
export interface ChorusSettings {
  /** A profile or `provider/model` used when a request names no model; `null`: the gateway's default chain. */
  preferredModel: string | null;
  favoriteModels: string[];
  /** `false`: every AI request of this user is refused with 403 `ai_disabled_for_user`. */
  aiEnabled: boolean;
  /** Requests per `usagePeriod`; past it, 429 `usage_limit_reached`. `null`: no personal limit. */
  usageLimit: number | null;
  usagePeriod: ChorusUsagePeriod;
}

/** `PUT /v1/settings`: the fields given are merged; `null` clears `preferredModel` or `usageLimit`. */
export type ChorusSettingsPatch = Partial<ChorusSettings>;

/** One entry of `GET /v1/settings/keys`: never the key itself. */
export interface ChorusOwnKey {
  provider: string;
  last4: string;
  /** ISO 8601. */
  createdAt: string;
}

/** `POST /v1/settings/keys/{provider}/test`. */
export interface ChorusOwnKeyTest {
  ok: boolean;
  latencyMs: number;
  /** The provider's model that was asked. */
  model?: string;
  /** Why the key did not work, in the provider's words (never the key). */
  error?: string;
}

/** One UTC day of `GET /v1/usage`; days without requests are absent. */
export interface ChorusUsageDay {
  /** `YYYY-MM-DD`, UTC. */
  date: string;
  requests: number;
  /** Of `requests`, answered from the cache (0 tokens, 0 cost). */
  cachedRequests: number;
  /** Of `requests`, served with one of the caller's own keys. */
  ownKeyRequests: number;
  /** Of `requests`, served after a fallback (another candidate failed or was skipped first). */
  fallbackRequests: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** Some request that day had estimated tokens or no price. */
  estimated: boolean;
}

export interface ChorusUsage {
  days: ChorusUsageDay[];
}

/** Inclusive UTC days `YYYY-MM-DD`; by default the last 30 days. */
export interface ChorusUsageRange {
  from?: string;
  to?: string;
}

/** Why the next AI request would be refused. */
export type ChorusUnavailableReason =
  | "ai_disabled"
  | "ai_disabled_for_user"
  | "sample_exhausted"
  | "usage_limit_reached"
  | "token_limit_reached"
  | "rate_limited";

/** `GET /v1/me`: what the caller may do now, so an app can show or hide its AI surfaces. */
export interface ChorusMe {
  userId: string;
  /** `sample`: email not verified, a few requests in total; `verified`: full access under the plan. */
  tier: "sample" | "verified";
  plan: "free" | "pro" | "premium";
  role: "admin" | null;
  workspace: string | null;
  aiAvailable: boolean;
  /** Present when `aiAvailable` is false. */
  reason?: ChorusUnavailableReason;
  /** Present in the sample tier. */
  sample?: { used: number; limit: number };
  limits: {
    requestsPerMinute: number;
    tokensPerDay: number;
    tokensUsedToday: number;
    usageLimit: number | null;
    usagePeriod: ChorusUsagePeriod;
    usageUsed: number;
  };
  /** Providers the caller keeps an own key for: those requests bypass platform limits. */
  ownKeyProviders: string[];
}
