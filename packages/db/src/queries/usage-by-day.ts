import { and, asc, between, eq, max, sql, sum } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { checkDayRange, type DayRange } from "../day-range.ts";
import { roundUsd } from "../round-usd.ts";
import { usageDaily } from "../schema/usage-daily.ts";

export interface UsageDay {
  date: string;
  requests: number;
  /** Of `requests`, answered from the response cache. */
  cachedRequests: number;
  /** Of `requests`, served with the user's own provider key (cost 0 here). */
  ownKeyRequests: number;
  /** Of `requests`, served after a fallback (`x-chorus-fallback`). */
  fallbackRequests: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** Some request that day had estimated tokens or no price. */
  estimated: boolean;
}

/**
 * The caller's usage per UTC day over `range` (inclusive), all providers and
 * models summed: the body of `GET /v1/usage`. Days without requests are absent.
 */
export async function usageByDay(db: ChorusDb, userId: string, range: DayRange): Promise<{ days: UsageDay[] }> {
  checkDayRange(range);
  const rows = await db
    .select({
      date: usageDaily.date,
      requests: sum(usageDaily.requests).mapWith(Number),
      cachedRequests: sum(usageDaily.cachedRequests).mapWith(Number),
      ownKeyRequests: sum(usageDaily.ownKeyRequests).mapWith(Number),
      fallbackRequests: sum(usageDaily.fallbackRequests).mapWith(Number),
      tokensIn: sum(usageDaily.tokensIn).mapWith(Number),
      tokensOut: sum(usageDaily.tokensOut).mapWith(Number),
      costUsd: sql<number>`total(${usageDaily.costUsd})`.mapWith(Number),
      estimated: max(usageDaily.estimated).mapWith(Boolean),
    })
    .from(usageDaily)
    .where(and(eq(usageDaily.userId, userId), between(usageDaily.date, range.from, range.to)))
    .groupBy(usageDaily.date)
    .orderBy(asc(usageDaily.date));
  return { days: rows.map((row) => ({ ...row, costUsd: roundUsd(row.costUsd) })) };
}
