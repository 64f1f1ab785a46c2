import type { SessionInfo } from "@chorus/core";
import { desc, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { sessions } from "../schema/sessions.ts";
import { sessionColumns, toSessionInfo } from "./session-row.ts";

/** At most this many sessions are listed, the latest first. */
const SESSION_LIST_LIMIT = 500;

/** `userId`'s sessions, the most recently changed or spoken in first. */
export async function listSessions(db: ChorusDb, userId: string): Promise<SessionInfo[]> {
  const rows = await db.select(sessionColumns).from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.updatedAt), desc(sessions.id))
    .limit(SESSION_LIST_LIMIT);
  return rows.map(toSessionInfo);
}
