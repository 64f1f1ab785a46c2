// The account answers are the SDK's types; the admin answers below are not in the SDK (workers/gateway/src/routes).
export type { ChorusOwnKey as OwnKey, ChorusOwnKeyTest as KeyTestResult, ChorusSettings as Settings, ChorusUsageDay as UsageDay } from "@chorus/sdk";

export interface ProviderHealth {
  id: string;
  state: "closed" | "open" | "half_open";
  successRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
  ttftP50Ms: number | null;
  requests: number;
  tokensToday: number;
  cacheHitRate?: number;
}

export interface UsageTotals {
  requests: number;
  cachedRequests: number;
  ownKeyRequests: number;
  fallbackRequests: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export interface AdminUsage {
  from: string;
  to: string;
  total: UsageTotals;
  users: (UsageTotals & { userId: string; plan: string | null })[];
  plans: (UsageTotals & { plan: string })[];
  providers: (UsageTotals & { provider: string })[];
}

/** `GET /admin/api-keys` lists these: never the key. */
export interface ApiKeySummary {
  id: string;
  userId: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** `POST /admin/api-keys`: the only answer that holds `key`. */
export interface CreatedApiKey {
  id: string;
  key: string;
  userId: string;
  name: string;
  createdAt: string;
}
