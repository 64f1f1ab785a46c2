import * as z from "zod";

/** The bounds of a session's fields (CONTRACT.md "Sessions"). */
export const SESSION_LIMITS = {
  titleLength: 200,
  refLength: 200,
  participants: 50,
  /** Personas that may answer one message in order (`turns`). */
  turns: 8,
  contentLength: 100_000,
  modelLength: 200,
  defaultPersona: "general",
  defaultContextTokens: 8000,
  minContextTokens: 256,
  maxContextTokens: 1_000_000,
} as const;

const personaRef = z.string().trim().min(1, "must name a persona").max(SESSION_LIMITS.refLength);
const participants = z.array(personaRef).min(1, "must list at least one persona; leave it out for any you can see")
  .max(SESSION_LIMITS.participants, `must list at most ${SESSION_LIMITS.participants} personas`)
  .transform((refs) => [...new Set(refs)]);
const title = z.string().trim().max(SESSION_LIMITS.titleLength);
const model = z.string().trim().min(1).max(SESSION_LIMITS.modelLength);
const contextTokens = z.number().int().min(SESSION_LIMITS.minContextTokens).max(SESSION_LIMITS.maxContextTokens);

/** `POST /v1/sessions`. */
export const createSessionSchema = z.object({
  title: title.optional(),
  /** The default speaker (`general` unless `participants` leaves it out: then their first). */
  persona: personaRef.optional(),
  /** The personas that may speak; absent: any the caller can see. */
  participants: participants.optional(),
  model: model.optional(),
  contextTokens: contextTokens.optional(),
});

/** `PATCH /v1/sessions/{id}`: the fields given change; `null` clears a title, a model, or the participants (any again). */
export const patchSessionSchema = z.object({
  title: title.nullable().optional(),
  persona: personaRef.optional(),
  participants: participants.nullable().optional(),
  model: model.nullable().optional(),
  contextTokens: contextTokens.optional(),
});

/** `POST /v1/sessions/{id}/messages`. */
export const postSessionMessageSchema = z.object({
  content: z.string().trim().min(1, "must not be empty").max(SESSION_LIMITS.contentLength),
  /** Who answers (default: the session's persona). */
  persona: personaRef.optional(),
  /** Several personas answering in this order, each seeing the answers just given. */
  turns: z.array(personaRef).min(1).max(SESSION_LIMITS.turns, `must list at most ${SESSION_LIMITS.turns} personas`).optional(),
  model: model.optional(),
  stream: z.boolean().nullish(),
}).refine((body) => body.persona === undefined || body.turns === undefined, {
  path: ["turns"], message: "give either 'persona' or 'turns', not both",
});

export type CreateSessionBody = z.output<typeof createSessionSchema>;
export type PatchSessionBody = z.output<typeof patchSessionSchema>;
export type PostSessionMessageBody = z.output<typeof postSessionMessageSchema>;

/** A session as the API shows it. */
export interface SessionInfo {
  id: string;
  title: string | null;
  persona: string;
  /** `null`: any persona the caller can see may speak. */
  participants: string[] | null;
  model: string | null;
  contextTokens: number;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

/** One stored line of a session's thread, as the API shows it. */
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
