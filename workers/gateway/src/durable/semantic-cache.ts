import { cosineSimilarity } from "@chorus/core";
import { DurableObject } from "cloudflare:workers";
import type { GatewayEnv } from "../env.ts";
import { createMissingTables } from "./create-missing-tables.ts";

/** Entries a namespace keeps when its feature sets no `maxEntries`. */
export const DEFAULT_SEMANTIC_MAX_ENTRIES = 1000;

export interface SemanticQuery {
  /** `semanticContextKey`: only entries with the same context are compared. */
  context: string;
  vector: number[];
  /** Cosine similarity an entry needs to match, in (0, 1]. */
  threshold: number;
}

export interface SemanticMatch {
  /** The exact-cache KV key of the answer. */
  cacheKey: string;
  similarity: number;
}

export interface SemanticEntry {
  cacheKey: string;
  context: string;
  vector: number[];
  /** As the KV entry's: past it the vector points at nothing. */
  ttlSeconds: number;
  /** The namespace's bound; the least recently used entries beyond it are evicted. */
  maxEntries?: number;
}

type EntryRow = { cache_key: string; vector: ArrayBuffer };

/**
 * The semantic cache of one namespace (a feature and a caller scope): unit
 * vectors of questions, each pointing at the exact-cache key of its answer.
 * Bounded by `maxEntries` with least-recently-used eviction; recency is a
 * counter, not the clock, so two uses in the same millisecond still order.
 * Tables: docs/storage.md.
 */
/** The object's tables and indexes (docs/storage.md), for `createMissingTables`. */
const SEMANTIC_CACHE_TABLES = {
  entries: `CREATE TABLE entries (
    cache_key TEXT PRIMARY KEY,
    context TEXT NOT NULL,
    vector BLOB NOT NULL,
    expires_at INTEGER NOT NULL,
    last_used INTEGER NOT NULL
  )`,
  entries_by_context: "CREATE INDEX entries_by_context ON entries (context, expires_at)",
  entries_by_use: "CREATE INDEX entries_by_use ON entries (last_used)",
};

export class SemanticCache extends DurableObject<GatewayEnv> {
  readonly #sql: SqlStorage;
  #tick: number;

  constructor(ctx: DurableObjectState, env: GatewayEnv) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    createMissingTables(this.#sql, SEMANTIC_CACHE_TABLES);
    this.#tick = this.#sql.exec<{ tick: number | null }>("SELECT MAX(last_used) AS tick FROM entries").one().tick ?? 0;
  }

  /** The most similar live entry at or above the threshold, marked as just used; null when none is. */
  async lookup(query: SemanticQuery): Promise<SemanticMatch | null> {
    let best: SemanticMatch | null = null;
    const rows = this.#sql.exec<EntryRow>(
      "SELECT cache_key, vector FROM entries WHERE context = ? AND expires_at > ?", query.context, Date.now(),
    );
    for (const row of rows) {
      const stored = new Float32Array(row.vector);
      if (stored.length !== query.vector.length) continue;
      const similarity = cosineSimilarity(stored, query.vector);
      if (similarity >= query.threshold && similarity > (best?.similarity ?? -Infinity)) best = { cacheKey: row.cache_key, similarity };
    }
    if (best) this.#sql.exec("UPDATE entries SET last_used = ? WHERE cache_key = ?", ++this.#tick, best.cacheKey);
    return best;
  }

  /** Stores (or refreshes) an entry as the most recently used, then trims expired entries and those over the bound. */
  async remember(entry: SemanticEntry): Promise<void> {
    const maxEntries = entry.maxEntries ?? DEFAULT_SEMANTIC_MAX_ENTRIES;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a whole number >= 1, got ${maxEntries}`);
    const now = Date.now();
    this.#sql.exec(
      `INSERT INTO entries (cache_key, context, vector, expires_at, last_used) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (cache_key) DO UPDATE SET context = excluded.context, vector = excluded.vector,
         expires_at = excluded.expires_at, last_used = excluded.last_used`,
      entry.cacheKey, entry.context, new Float32Array(entry.vector).buffer, now + entry.ttlSeconds * 1000, ++this.#tick,
    );
    this.#sql.exec("DELETE FROM entries WHERE expires_at <= ?", now);
    this.#sql.exec(
      "DELETE FROM entries WHERE cache_key IN (SELECT cache_key FROM entries ORDER BY last_used DESC LIMIT -1 OFFSET ?)",
      maxEntries,
    );
  }

  /** Drops an entry whose answer is gone from KV. */
  async forget(cacheKey: string): Promise<void> {
    this.#sql.exec("DELETE FROM entries WHERE cache_key = ?", cacheKey);
  }
}
