import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { createClient, type Client } from "@libsql/client";
import { and, asc, eq, inArray, like, sql } from "drizzle-orm";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { answers, CREATE_TABLES, incidents, type AnswerRow, type IncidentRow } from "./store-schema.ts";

/** The prompt store: answers by key, drafts awaiting review, incidents. */
export class PromptStore {
  readonly #client: Client;
  readonly #db: LibSQLDatabase;

  private constructor(client: Client) {
    this.#client = client;
    this.#db = drizzle(client);
  }

  /** Opens (creating it and its folder when missing) the SQLite file at `path`. */
  static async open(path: string): Promise<PromptStore> {
    await mkdir(dirname(path), { recursive: true });
    const store = new PromptStore(createClient({ url: `file:${path}` }));
    for (const statement of CREATE_TABLES) await store.#db.run(statement);
    return store;
  }

  close(): void {
    this.#client.close();
  }

  /** Answers to this exact prompt, whatever profile or candidate gave them. */
  answersToPrompt(promptHash: string): Promise<AnswerRow[]> {
    return this.#db.select().from(answers).where(eq(answers.promptHash, promptHash)).orderBy(asc(answers.key));
  }

  /** Answers whose key starts with `prefix` (an id as `pending` shows it). */
  answersWithKeyPrefix(prefix: string): Promise<AnswerRow[]> {
    return this.#db.select().from(answers).where(like(answers.key, `${prefix.replace(/[^0-9a-f]/g, "")}%`)).orderBy(asc(answers.key));
  }

  /** The answers under these keys (any not stored are left out). */
  answersWithKeys(keys: readonly string[]): Promise<AnswerRow[]> {
    return keys.length === 0 ? Promise.resolve([]) : this.#db.select().from(answers).where(inArray(answers.key, [...keys])).orderBy(asc(answers.key));
  }

  /** Writes an answer; a row already under its key (a refresh) is replaced. */
  async putAnswer(row: AnswerRow): Promise<void> {
    const { key, ...rest } = row;
    await this.#db.insert(answers).values(row).onConflictDoUpdate({ target: answers.key, set: rest });
  }

  /** Records why a task fell back; the same incident again writes nothing, so a rebuild leaves the file as it was. */
  async recordIncident(row: IncidentRow): Promise<void> {
    const { taskId, promptHash, ...rest } = row;
    await this.#db.insert(incidents).values(row).onConflictDoUpdate({
      target: [incidents.taskId, incidents.promptHash],
      set: rest,
      setWhere: sql`${incidents.reason} IS NOT excluded.reason OR ${incidents.fallbackPath} IS NOT excluded.fallback_path`,
    });
  }

  /** Drafts awaiting review, by task then key. */
  pending(): Promise<AnswerRow[]> {
    return this.#db.select().from(answers)
      .where(and(eq(answers.approval, "pending"), eq(answers.guardrailStatus, "ok")))
      .orderBy(asc(answers.taskId), asc(answers.key));
  }

  async approve(key: string): Promise<void> {
    await this.#db.update(answers).set({ approval: "approved" }).where(eq(answers.key, key));
  }

  /** Every answer, by task then key: the audit trail. */
  allAnswers(): Promise<AnswerRow[]> {
    return this.#db.select().from(answers).orderBy(asc(answers.taskId), asc(answers.key));
  }

  allIncidents(): Promise<IncidentRow[]> {
    return this.#db.select().from(incidents).orderBy(asc(incidents.taskId), asc(incidents.promptHash));
  }
}
