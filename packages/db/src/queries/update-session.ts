import type { SessionInfo } from "@chorus/core";
import { and, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { sessions } from "../schema/sessions.ts";
import { sessionColumns, toSessionInfo } from "./session-row.ts";

export interface SessionChange {
  title?: string | null;
  persona?: string;
  participants?: string[] | null;
  model?: string | null;
  contextTokens?: number;
}

/** Changes the fields given of `userId`'s session `id`; undefined when there is none of theirs. */
export async function updateSession(db: ChorusDb, userId: string, id: string, change: SessionChange, now: Date = new Date()): Promise<SessionInfo | undefined> {
  // Copied field by field: a change straight from a request body may carry other keys (`userId`).
  const set: SessionChange & { updatedAt: Date } = { updatedAt: now };
  if (change.title !== undefined) set.title = change.title;
  if (change.persona !== undefined) set.persona = change.persona;
  if (change.participants !== undefined) set.participants = change.participants;
  if (change.model !== undefined) set.model = change.model;
  if (change.contextTokens !== undefined) set.contextTokens = change.contextTokens;
  const row = await db.update(sessions).set(set)
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId)))
    .returning(sessionColumns)
    .get();
  return row && toSessionInfo(row);
}

/** Marks `userId`'s session `id` as last spoken in at `now` (its thread object's alarm), so the list shows it first. */
export async function touchSession(db: ChorusDb, userId: string, id: string, now: Date = new Date()): Promise<void> {
  await db.update(sessions).set({ updatedAt: now }).where(and(eq(sessions.id, id), eq(sessions.userId, userId)));
}
