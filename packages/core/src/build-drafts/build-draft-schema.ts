import * as z from "zod";

/** Where a draft stands in review: the build serves only an approved one. */
export const BUILD_DRAFT_STATUSES = ["pending", "approved", "rejected"] as const;
export type BuildDraftStatus = (typeof BUILD_DRAFT_STATUSES)[number];

const SHA256_HEX = /^[0-9a-f]{64}$/;
const NO_CONTROL = /^[^\u0000-\u001f\u007f]+$/;
const line = (max: number) => z.string().min(1).max(max).regex(NO_CONTROL, "must not contain control characters");
const sha256 = z.string().regex(SHA256_HEX, "must be a SHA-256 as 64 lowercase hex digits");

/** A draft's id is its answer's key in chorus-build's prompt store (SHA-256 of prompt, profile and candidate). */
export const buildDraftIdSchema = sha256;

/** Big enough for any page's copy or JSON; the gateway's body limit bounds it too. */
export const BUILD_DRAFT_MAX_CHARS = 200_000;

/** `PUT /v1/build/drafts/{id}`: what chorus-build submits for review. The hashes must be those of `prompt` and `content`. */
export const buildDraftSubmitSchema = z.strictObject({
  taskId: line(200),
  route: line(500),
  profile: line(100),
  provider: line(100),
  model: line(200),
  /** The request as sent, less the model (canonical JSON). */
  prompt: z.string().min(1).max(BUILD_DRAFT_MAX_CHARS),
  promptHash: sha256,
  /** The answer as the build would serve it: text, or JSON text for a `json` task. */
  content: z.string().max(BUILD_DRAFT_MAX_CHARS),
  responseHash: sha256,
});
export type BuildDraftSubmit = z.infer<typeof buildDraftSubmitSchema>;

/** A draft as the API shows it. */
export const buildDraftSchema = buildDraftSubmitSchema.extend({
  id: buildDraftIdSchema,
  status: z.enum(BUILD_DRAFT_STATUSES),
  /** The user whose key submitted it. */
  submittedBy: z.string(),
  /** When this content was first submitted (a resubmission of the same content keeps it). */
  submittedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type BuildDraft = z.infer<typeof buildDraftSchema>;

/** `GET .../build/drafts?status=`. */
export const buildDraftListQuerySchema = z.object({ status: z.enum(BUILD_DRAFT_STATUSES).optional() });

/** `{drafts: [...]}`, the answer of both lists; chorus-build reads it with this. */
export const buildDraftListSchema = z.object({ drafts: z.array(buildDraftSchema) });
