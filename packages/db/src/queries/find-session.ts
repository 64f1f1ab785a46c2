import type { SessionInfo } from "@chorus/core";
import { and, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { sessions } from "../schema/sessions.ts";
import { sessionColumns, toSessionInfo } from "./session-row.ts";

/** `userId`'s session `id`; undefined when there is none of theirs (another user's is not found either). */
export async function findSession(db: ChorusDb, userId: string, id: string): Promise<SessionInfo | undefined> {
  const row = await db.select(sessionColumns).from(sessions)
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId)))
    .get();
  return row && toSessionInfo(row);
}
