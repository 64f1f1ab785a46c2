/** Session shapes of CONTRACT.md "Sessions", written out so the published package stands alone (see chat-types.ts). */

/** A session as the API shows it. */
export interface SessionInfo {
  id: string;
  title: string | null;
  /** The default speaker's ref. */
  persona: string;
  /** `null`: any persona the caller can see may speak. */
  participants: string[] | null;
  model: string | null;
  contextTokens: number;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

/** One stored line of a session's thread. */
export interface SessionMessage {
  id: string;
  role: "user" | "assistant";
  /** The speaker's ref; `null` for the user's lines. */
  persona: string | null;
  content: string;
  provider: string | null;
  model: string | null;
  /** ISO 8601. */
  createdAt: string;
}

/** `POST /v1/sessions`. */
export interface CreateSessionBody {
  title?: string;
  /** The default speaker (`general` unless `participants` leaves it out: then their first). */
  persona?: string;
  /** The personas that may speak; absent: any the caller can see. */
  participants?: string[];
  model?: string;
  contextTokens?: number;
}

/** `PATCH /v1/sessions/{id}`: the fields given change; `null` clears a title, a model, or the participants. */
export interface PatchSessionBody {
  title?: string | null;
  persona?: string;
  participants?: string[] | null;
  model?: string | null;
  contextTokens?: number;
}

/** `POST /v1/sessions/{id}/messages`: the user's message, and who answers (one persona, or `turns` in order). */
export interface PostSessionMessageBody {
  content: string;
  persona?: string;
  turns?: string[];
  model?: string;
}
