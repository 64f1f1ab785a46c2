import { env } from "cloudflare:test";
import { createDb, type ChorusDb } from "../../../packages/db/src/index.ts";

export function testDb(): ChorusDb {
  return createDb(env.DB);
}

/** A user id no other test uses, so tests stay independent on a shared database. */
export function newUser(label: string): string {
  return `${label}-${crypto.randomUUID()}`;
}

/** Every column of the rows a query selects, as SQLite's hex of its bytes: what is really on disk. */
export async function rowBytesHex(sql: string, ...params: unknown[]): Promise<string[]> {
  const columns = await env.DB.prepare(`select * from (${sql}) limit 0`).bind(...params).raw({ columnNames: true });
  const names = columns[0] as string[];
  const hexed = names.map((name) => `hex("${name}")`).join(", ");
  const rows = await env.DB.prepare(`select ${hexed} from (${sql})`).bind(...params).raw();
  return rows.flat().map(String);
}

export function hexOf(text: string): string {
  return Array.from(new TextEncoder().encode(text), (byte) => byte.toString(16).padStart(2, "0")).join("").toUpperCase();
}
