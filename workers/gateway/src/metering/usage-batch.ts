import { systemClock, WindowBatch } from "@chorus/core";
import { createDb, usageUpsert, type UsageEvent } from "@chorus/db";

/** How long a usage row waits for others before they go to D1 together, and how many go at most. */
export const USAGE_BATCH_WINDOW_MS = 50;
export const USAGE_BATCH_MAX_ROWS = 50;

export interface UsageEntry {
  userId: string;
  event: UsageEvent;
}

/** The rows that could be written; a row that could not (a bug upstream of it) is named, the others still land. */
async function writeRows(d1: D1Database, entries: UsageEntry[]): Promise<void> {
  const db = createDb(d1);
  const statements: ReturnType<typeof usageUpsert>[] = [];
  const refused: string[] = [];
  for (const { userId, event } of entries) {
    try {
      statements.push(usageUpsert(db, userId, event));
    } catch (error) {
      refused.push(error instanceof Error ? error.message : String(error));
    }
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  if (refused.length > 0) throw new Error(`${refused.length} usage row(s) refused: ${refused[0]}`);
}

const batches = new WeakMap<D1Database, WindowBatch<UsageEntry>>();

/**
 * This isolate's pending usage rows for one D1 database. Each served request
 * adds its row; the rows of a window go to D1 as one batch (one round trip,
 * one transaction) instead of a write per request. The request that opens a
 * window keeps it alive with `waitUntil`, so nothing waits in memory longer
 * than the window.
 */
export function usageBatch(d1: D1Database): WindowBatch<UsageEntry> {
  let batch = batches.get(d1);
  if (!batch) {
    batch = new WindowBatch({ windowMs: USAGE_BATCH_WINDOW_MS, maxItems: USAGE_BATCH_MAX_ROWS, clock: systemClock, send: (entries) => writeRows(d1, entries) });
    batches.set(d1, batch);
  }
  return batch;
}
