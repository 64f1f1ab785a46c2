import type { SessionInfo } from "@chorus/core";
import { sessions } from "../schema/sessions.ts";

/** The columns a session is shown with (never `user_id`). */
export const sessionColumns = {
  id: sessions.id,
  title: sessions.title,
  persona: sessions.persona,
  participants: sessions.participants,
  model: sessions.model,
  contextTokens: sessions.contextTokens,
  createdAt: sessions.createdAt,
  updatedAt: sessions.updatedAt,
};

type SessionRow = Omit<SessionInfo, "createdAt" | "updatedAt"> & { createdAt: Date; updatedAt: Date };

export function toSessionInfo(row: SessionRow): SessionInfo {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}
