import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";

/** The drizzle handle every query function takes first. */
export type ChorusDb = DrizzleD1Database;

/** One handle per binding: drizzle holds no per-request state, and building it (dialect, session) on every request is waste. */
const handles = new WeakMap<D1Database, ChorusDb>();

export function createDb(d1: D1Database): ChorusDb {
  let db = handles.get(d1);
  if (!db) handles.set(d1, (db = drizzle(d1)));
  return db;
}
