import * as z from "zod";

/** The bounds of CONTRACT.md "Personas", plus those it leaves to us (name, role, voice, avatar, profile). */
export const PERSONA_LIMITS = {
  keyPattern: /^[a-z0-9][a-z0-9-]{0,63}$/,
  nameChars: 100,
  roleChars: 500,
  /** systemPrompt, context and voice. */
  textChars: 20_000,
  listEntries: 50,
  entryChars: 500,
  avatarChars: 2048,
  profileChars: 100,
  /** The whole persona as UTF-8 JSON. */
  bytes: 64 * 1024,
} as const;

export const PERSONA_VISIBILITIES = ["private", "workspace"] as const;
export type PersonaVisibility = (typeof PERSONA_VISIBILITIES)[number];

/** Who a persona belongs to, as the caller sees it: the seeded catalogue, the caller, or a workspace member. */
export const PERSONA_SOURCES = ["system", "user", "workspace"] as const;
export type PersonaSource = (typeof PERSONA_SOURCES)[number];

export const personaKeySchema = z.string().regex(
  PERSONA_LIMITS.keyPattern,
  "must be a slug: 1-64 lowercase letters, digits and '-', starting with a letter or digit",
);

const text = z.string().max(PERSONA_LIMITS.textChars);
const list = z.array(z.string().trim().min(1).max(PERSONA_LIMITS.entryChars)).max(PERSONA_LIMITS.listEntries);
// Only web URLs: the console renders the avatar, and a `javascript:` or `data:` URL there is a way in.
const avatar = z.string().trim().max(PERSONA_LIMITS.avatarChars)
  .regex(/^https?:\/\/\S+$/i, "must be an http(s) URL").nullable();

/** The fields a caller writes, each with its bound; `key` is separate because it addresses the persona. */
const personaFields = {
  name: z.string().trim().min(1).max(PERSONA_LIMITS.nameChars),
  role: z.string().trim().max(PERSONA_LIMITS.roleChars),
  avatar,
  systemPrompt: text,
  context: text,
  voice: text,
  knowledge: list,
  constraints: list,
  sampleQueries: list,
  tags: list,
  tools: list,
  /** A profile of the profiles file, used when the request names no model; checked against it by the gateway. */
  profile: z.string().trim().min(1).max(PERSONA_LIMITS.profileChars).nullable(),
  visibility: z.enum(PERSONA_VISIBILITIES),
};

/** Bytes of the persona as UTF-8 JSON, the measure of the 64 KiB bound. */
export function personaBytes(fields: object): number {
  return new TextEncoder().encode(JSON.stringify(fields)).byteLength;
}

export function personaSizeMessage(bytes: number): string {
  return `the persona is ${bytes} bytes as JSON; at most ${PERSONA_LIMITS.bytes} are allowed`;
}

const inputShape = {
  key: personaKeySchema,
  name: personaFields.name,
  role: personaFields.role.default(""),
  avatar: personaFields.avatar.default(null),
  systemPrompt: personaFields.systemPrompt.default(""),
  context: personaFields.context.default(""),
  voice: personaFields.voice.default(""),
  knowledge: personaFields.knowledge.default([]),
  constraints: personaFields.constraints.default([]),
  sampleQueries: personaFields.sampleQueries.default([]),
  tags: personaFields.tags.default([]),
  tools: personaFields.tools.default([]),
  profile: personaFields.profile.default(null),
  visibility: personaFields.visibility.default("private"),
};

function withinSize<T extends object>(persona: T, ctx: z.RefinementCtx<T>): void {
  const bytes = personaBytes(persona);
  if (bytes > PERSONA_LIMITS.bytes) ctx.addIssue({ code: "custom", message: personaSizeMessage(bytes), path: [] });
}

/**
 * `POST /v1/personas` (and what an imported card becomes): every field, the
 * absent ones at their defaults. Unknown fields are refused.
 */
export const personaInputSchema = z.strictObject(inputShape).superRefine(withinSize);
export type PersonaInput = z.output<typeof personaInputSchema>;
/** A persona as a client writes it: the fields with defaults may be left out. */
export type PersonaDraft = z.input<typeof personaInputSchema>;

/** `PUT /v1/personas/{ref}` replaces: as create, with `key` optional (it is the ref's, and must not change). */
export const personaReplaceSchema = z.strictObject({ ...inputShape, key: personaKeySchema.optional() }).superRefine(withinSize);
export type PersonaReplace = z.output<typeof personaReplaceSchema>;

/** `PATCH /v1/personas/{ref}`: any subset of the fields, merged into the stored persona. */
export const personaPatchSchema = z.strictObject(personaFields).partial().extend({ key: personaKeySchema.optional() });
export type PersonaPatch = z.output<typeof personaPatchSchema>;

/** A persona as the API answers it, relative to the caller (`ref`, `source`). */
export const personaSchema = z.object({
  /** Stable id; a shared persona's ref is `ws:{id}`. */
  id: z.string(),
  ref: z.string(),
  key: personaKeySchema,
  source: z.enum(PERSONA_SOURCES),
  ...personaFields,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Persona = z.output<typeof personaSchema>;
