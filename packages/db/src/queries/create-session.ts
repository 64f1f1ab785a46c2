import type { SessionInfo } from "@chorus/core";
import type { ChorusDb } from "../create-db.ts";
import { sessions } from "../schema/sessions.ts";
import { sessionColumns, toSessionInfo } from "./session-row.ts";

/** A session as created: everything it shows but its times. */
export type NewSession = Omit<SessionInfo, "createdAt" | "updatedAt">;

/** Stores a new session of `userId`'s. */
export async function createSession(db: ChorusDb, userId: string, session: NewSession, now: Date = new Date()): Promise<SessionInfo> {
  const row = await db.insert(sessions)
    .values({ ...session, userId, createdAt: now, updatedAt: now })
    .returning(sessionColumns)
    .get();
  return toSessionInfo(row);
}
