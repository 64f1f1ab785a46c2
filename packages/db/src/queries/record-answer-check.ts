import type { ChorusDb } from "../create-db.ts";
import { answerChecks } from "../schema/answer-checks.ts";

export type AnswerCheckRow = typeof answerChecks.$inferInsert;

/** Records how one request's answer came through its checks; a request recorded twice keeps its first row. */
export async function recordAnswerCheck(db: ChorusDb, row: AnswerCheckRow): Promise<void> {
  await db.insert(answerChecks).values(row).onConflictDoNothing();
}
