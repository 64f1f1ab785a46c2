import type { ChorusDb } from "../create-db.ts";
import { answerChecks } from "../schema/answer-checks.ts";

export type AnswerCheckRow = typeof answerChecks.$inferInsert;

/** Records how requests' answers came through their checks, in one statement; a request recorded twice keeps its first row. */
export async function recordAnswerChecks(db: ChorusDb, rows: readonly AnswerCheckRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(answerChecks).values([...rows]).onConflictDoNothing();
}
