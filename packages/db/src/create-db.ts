import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";

/** The drizzle handle every query function takes first. */
export type ChorusDb = DrizzleD1Database;

export function createDb(d1: D1Database): ChorusDb {
  return drizzle(d1);
}
