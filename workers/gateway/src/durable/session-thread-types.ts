import type { SessionInfo, SessionMessage } from "@chorus/core";

/** What a post needs of its session: who speaks by default, who may, which model, the context budget. */
export type SessionSettings = Pick<SessionInfo, "persona" | "participants" | "model" | "contextTokens">;

/** Whose session a thread object holds: its D1 row is written by them (`updated_at`). */
export interface SessionOwner {
  userId: string;
  sessionId: string;
}

/** A line to store: the Worker names it (a streamed answer carries its id before it is stored). */
export interface NewLine {
  id: string;
  role: "user" | "assistant";
  persona: string | null;
  personaName: string | null;
  content: string;
  provider: string | null;
  model: string | null;
}

/** A stored line: the API's message, and the speaker's name for the `[Name]: ` other speakers see. */
export interface StoredLine extends SessionMessage {
  personaName: string | null;
}

export interface BeginInput {
  /** How long the lock is held without a word from its holder (a crashed request frees it then). */
  leaseMs: number;
  /** How long to wait for a turn in progress before answering `busy`. */
  waitMs: number;
}

/**
 * The lock, the session's settings and its thread so far; the session busy
 * past `waitMs`; or `unknown`: the object holds no settings (the session was
 * deleted, or never configured here), and nothing was written.
 */
export type Begin =
  | { kind: "held"; leaseId: string; settings: SessionSettings; thread: StoredLine[] }
  | { kind: "busy"; retryAfterMs: number }
  | { kind: "unknown" };
