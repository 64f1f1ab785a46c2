import type { ProviderId } from "@chorus/core";
import { sql } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { utcDay } from "../day-range.ts";
import { usageDaily } from "../schema/usage-daily.ts";

/** One served request, as metered after the response. */
export interface UsageEvent {
  provider: ProviderId;
  /** The provider's model id, without the provider prefix. */
  model: string;
  tokensIn: number;
  tokensOut: number;
  /** Input tokens served from the provider's prompt cache (included in `tokensIn`). */
  cachedTokens: number;
  costUsd: number;
  /** Answered from Chorus's response cache (tokens and cost 0). */
  cached: boolean;
  /** Served with the user's own provider key; the caller passes `costUsd` 0, as the platform paid nothing. */
  ownKey: boolean;
  /** Served after a fallback: the answer carried `x-chorus-fallback`. */
  fallback: boolean;
  /** Token counts were estimated (no provider usage) or the model had no price. */
  estimated: boolean;
  /** When it was served; the row is the UTC day of this instant. */
  at: Date;
}

function nonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  return value;
}

/**
 * The statement that adds one request to the user's row for (day, provider,
 * model): a single `INSERT ... ON CONFLICT DO UPDATE SET x = x + excluded.x`,
 * which SQLite applies atomically, so concurrent requests add up instead of
 * overwriting each other. Await it, or send many in one `db.batch`. Throws a
 * RangeError for a negative or non-finite count or cost.
 */
export function usageUpsert(db: ChorusDb, userId: string, event: UsageEvent) {
  const values = {
    userId,
    date: utcDay(event.at),
    provider: event.provider,
    model: event.model,
    requests: 1,
    cachedRequests: event.cached ? 1 : 0,
    ownKeyRequests: event.ownKey ? 1 : 0,
    fallbackRequests: event.fallback ? 1 : 0,
    tokensIn: Math.round(nonNegative(event.tokensIn, "tokensIn")),
    tokensOut: Math.round(nonNegative(event.tokensOut, "tokensOut")),
    cachedTokens: Math.round(nonNegative(event.cachedTokens, "cachedTokens")),
    costUsd: nonNegative(event.costUsd, "costUsd"),
    estimated: event.estimated,
  };
  return db.insert(usageDaily).values(values).onConflictDoUpdate({
    target: [usageDaily.userId, usageDaily.date, usageDaily.provider, usageDaily.model],
    set: {
      requests: sql`${usageDaily.requests} + excluded.requests`,
      cachedRequests: sql`${usageDaily.cachedRequests} + excluded.cached_requests`,
      ownKeyRequests: sql`${usageDaily.ownKeyRequests} + excluded.own_key_requests`,
      fallbackRequests: sql`${usageDaily.fallbackRequests} + excluded.fallback_requests`,
      tokensIn: sql`${usageDaily.tokensIn} + excluded.tokens_in`,
      tokensOut: sql`${usageDaily.tokensOut} + excluded.tokens_out`,
      cachedTokens: sql`${usageDaily.cachedTokens} + excluded.cached_tokens`,
      costUsd: sql`${usageDaily.costUsd} + excluded.cost_usd`,
      estimated: sql`${usageDaily.estimated} or excluded.estimated`,
    },
  });
}

/** Adds one request to the user's daily row (`usageUpsert`, awaited). */
export async function recordUsage(db: ChorusDb, userId: string, event: UsageEvent): Promise<void> {
  await usageUpsert(db, userId, event);
}
