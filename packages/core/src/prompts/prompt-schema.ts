import * as z from "zod";
import { jsonObjectSchema } from "../schemas/json-object-schema.ts";

/** The bounds of CONTRACT.md "Prompt templates" and those it leaves to us. */
export const PROMPT_LIMITS = {
  slugPattern: /^[a-z0-9][a-z0-9-]{0,63}$/,
  messages: 50,
  contentChars: 50_000,
  descriptionChars: 1_000,
  labels: 20,
  splitVersions: 10,
} as const;

const slugMessage = "must be a slug: 1-64 lowercase letters, digits and '-', starting with a letter or digit";

/** A template's name, and a label's. */
export const promptNameSchema = z.string().regex(PROMPT_LIMITS.slugPattern, slugMessage);
export const promptLabelSchema = z.string().regex(PROMPT_LIMITS.slugPattern, slugMessage);

export const promptVersionSchema = z.number().int().min(1);

/** One message of a template: its content is Mustache. */
export const promptMessageSchema = z.object({
  role: z.enum(["system", "developer", "user", "assistant"]),
  content: z.string().max(PROMPT_LIMITS.contentChars),
});
export type PromptMessage = z.infer<typeof promptMessageSchema>;

/** `{"3": 90, "4": 10}`: versions and their weights, for a label that splits traffic. */
export const promptSplitSchema = z.record(z.string().regex(/^[1-9][0-9]*$/, "must be a version number"), z.number().int().min(1).max(10_000))
  .refine((split) => Object.keys(split).length >= 1, "must name at least one version")
  .refine((split) => Object.keys(split).length <= PROMPT_LIMITS.splitVersions, `must name at most ${PROMPT_LIMITS.splitVersions} versions`);
export type PromptSplit = z.infer<typeof promptSplitSchema>;

/** What a label points at: one version, or a weighted split of versions. */
export const promptLabelTargetSchema = z.union([promptVersionSchema, promptSplitSchema]);
export type PromptLabelTarget = z.infer<typeof promptLabelTargetSchema>;

const labelsSchema = z.record(promptLabelSchema, promptLabelTargetSchema)
  .refine((labels) => Object.keys(labels).length <= PROMPT_LIMITS.labels, `must set at most ${PROMPT_LIMITS.labels} labels`)
  .refine((labels) => !Object.hasOwn(labels, "latest"), "'latest' moves by itself to the newest version and cannot be set");

/** The fields of one version, as written by an admin or shipped in `config/prompts/*.json`. */
const versionFields = {
  name: promptNameSchema,
  description: z.string().max(PROMPT_LIMITS.descriptionChars).default(""),
  messages: z.array(promptMessageSchema).min(1, "must hold at least one message").max(PROMPT_LIMITS.messages),
  variables: jsonObjectSchema.default({ type: "object" }),
};

/** `POST /admin/prompts`: the next version of `name`; `labels` may point at it (or at any version) at once. */
export const promptCreateSchema = z.object({
  ...versionFields,
  labels: z.union([
    z.array(promptLabelSchema).max(PROMPT_LIMITS.labels).refine((labels) => !labels.includes("latest"), "'latest' moves by itself to the newest version and cannot be set"),
    labelsSchema,
  ]).optional(),
});
export type PromptCreate = z.infer<typeof promptCreateSchema>;

/** `PATCH /admin/prompts/{name}`: labels to move; `null` removes one. */
export const promptLabelsPatchSchema = z.object({
  labels: z.record(promptLabelSchema, promptLabelTargetSchema.nullable())
    .refine((labels) => Object.keys(labels).length >= 1, "must name at least one label")
    .refine((labels) => !Object.hasOwn(labels, "latest"), "'latest' moves by itself to the newest version and cannot be set"),
});
export type PromptLabelsPatch = z.infer<typeof promptLabelsPatchSchema>;

/** A shipped template file, `config/prompts/*.json` (also read by chorus-build): one version and the labels it carries. */
export const promptFileSchema = z.object({
  ...versionFields,
  version: promptVersionSchema,
  labels: z.array(promptLabelSchema).max(PROMPT_LIMITS.labels).optional(),
});
export type PromptFile = z.infer<typeof promptFileSchema>;

/** Which version a caller asks for: a version, a label, or neither (`production`, else `latest`). */
export const promptSelectorSchema = z.object({
  version: promptVersionSchema.optional(),
  label: promptLabelSchema.optional(),
});
export type PromptSelector = z.infer<typeof promptSelectorSchema>;

const variablesSchema = z.record(z.string(), z.unknown());

/** `POST /v1/prompts/{name}/render`. */
export const promptRenderSchema = promptSelectorSchema.extend({ variables: variablesSchema.default({}) });
export type PromptRenderRequest = z.infer<typeof promptRenderSchema>;

/** `"prompt"` on a chat or Responses request: a template rendered in place of (or before) the messages. */
export const promptRefSchema = promptSelectorSchema.extend({ name: promptNameSchema, variables: variablesSchema.default({}) });
export type PromptRef = z.infer<typeof promptRefSchema>;
