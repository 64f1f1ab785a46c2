import type { ProviderId } from "@chorus/core";
import { asc, between, eq, max, sql, sum } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { checkDayRange, type DayRange } from "../day-range.ts";
import { roundUsd } from "../round-usd.ts";
import { usageDaily } from "../schema/usage-daily.ts";
import { users, type Plan } from "../schema/users.ts";

export interface AdminUsageRow {
  userId: string;
  /** The user's plan as last seen in a credential; null when never recorded. */
  plan: Plan | null;
  provider: ProviderId;
  requests: number;
  cachedRequests: number;
  /** Of `requests`, served with the user's own provider key (cost 0 here). */
  ownKeyRequests: number;
  /** Of `requests`, served after a fallback (`x-chorus-fallback`). */
  fallbackRequests: number;
  tokensIn: number;
  tokensOut: number;
  cachedTokens: number;
  costUsd: number;
  estimated: boolean;
}

/**
 * Admin, all users: usage over `range` (inclusive UTC days) per user and
 * provider, with each user's current plan, for `GET /admin/usage` (flat rows,
 * ready for `?format=csv`; per-plan totals are a sum over them).
 */
export async function adminUsage(db: ChorusDb, range: DayRange): Promise<AdminUsageRow[]> {
  checkDayRange(range);
  const rows = await db
    .select({
      userId: usageDaily.userId,
      plan: users.plan,
      provider: usageDaily.provider,
      requests: sum(usageDaily.requests).mapWith(Number),
      cachedRequests: sum(usageDaily.cachedRequests).mapWith(Number),
      ownKeyRequests: sum(usageDaily.ownKeyRequests).mapWith(Number),
      fallbackRequests: sum(usageDaily.fallbackRequests).mapWith(Number),
      tokensIn: sum(usageDaily.tokensIn).mapWith(Number),
      tokensOut: sum(usageDaily.tokensOut).mapWith(Number),
      cachedTokens: sum(usageDaily.cachedTokens).mapWith(Number),
      costUsd: sql<number>`total(${usageDaily.costUsd})`.mapWith(Number),
      estimated: max(usageDaily.estimated).mapWith(Boolean),
    })
    .from(usageDaily)
    .leftJoin(users, eq(users.id, usageDaily.userId))
    .where(between(usageDaily.date, range.from, range.to))
    .groupBy(usageDaily.userId, usageDaily.provider)
    .orderBy(asc(usageDaily.userId), asc(usageDaily.provider));
  return rows.map((row) => ({ ...row, costUsd: roundUsd(row.costUsd) }));
}
