import type { SessionMessage } from "@chorus/core";

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
  /** The user's message, stored once the turn lock is held. */
  message: NewLine;
  /** How long the lock is held without a word from its holder (a crashed request frees it then). */
  leaseMs: number;
  /** How long to wait for a turn in progress before answering `busy`. */
  waitMs: number;
}

/** The lock and the thread so far (the user's message last), or the session busy past `waitMs`. */
export type Begin =
  | { kind: "held"; leaseId: string; thread: StoredLine[] }
  | { kind: "busy"; retryAfterMs: number };
