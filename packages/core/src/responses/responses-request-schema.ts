import * as z from "zod";
import { chorusRequestFieldsSchema } from "../schemas/chorus-context-schema.ts";
import { jsonObjectSchema } from "../schemas/json-object-schema.ts";
import { refineJsonText } from "../schemas/refine-json-text.ts";
import { promptRefSchema } from "../prompts/prompt-schema.ts";

const inputTextPartSchema = z.object({ type: z.literal("input_text"), text: z.string() });
/** Earlier assistant turns come back as the `output_text` the API gave them. */
const outputTextPartSchema = z.object({ type: z.literal("output_text"), text: z.string() });
const inputImagePartSchema = z.object({
  type: z.literal("input_image"),
  image_url: z.string().min(1),
  detail: z.enum(["auto", "low", "high"]).optional(),
});

export const responsesContentPartSchema = z.discriminatedUnion("type", [inputTextPartSchema, outputTextPartSchema, inputImagePartSchema]);

/** A message item; clients (the AI SDK, LangChain) often leave out `type: "message"`. */
export const responsesMessageItemSchema = z.object({
  type: z.literal("message").optional(),
  role: z.enum(["user", "assistant", "system", "developer"]),
  content: z.union([z.string(), z.array(responsesContentPartSchema)]),
});

export const responsesFunctionCallItemSchema = z.object({
  type: z.literal("function_call"),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string().superRefine(refineJsonText),
});

export const responsesFunctionCallOutputItemSchema = z.object({
  type: z.literal("function_call_output"),
  call_id: z.string().min(1),
  output: z.union([z.string().superRefine(refineJsonText), z.array(inputTextPartSchema)]),
});

export const responsesInputItemSchema = z.union([responsesMessageItemSchema, responsesFunctionCallItemSchema, responsesFunctionCallOutputItemSchema]);

export const responsesFunctionToolSchema = z.object({
  type: z.literal("function"),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 letters, digits, underscores or dashes"),
  description: z.string().nullish(),
  parameters: jsonObjectSchema.nullish(),
  strict: z.boolean().nullish(),
});

export const responsesToolChoiceSchema = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), name: z.string().min(1) }),
]);

export const responsesTextFormatSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({
    type: z.literal("json_schema"),
    name: z.string().min(1),
    description: z.string().optional(),
    schema: jsonObjectSchema,
    strict: z.boolean().nullish(),
  }),
]);

/**
 * The stateless subset of the Responses API body Chorus accepts (CONTRACT.md
 * "Responses API"); unknown fields are dropped, known ones checked. The
 * stateful fields are refused before this schema runs
 * (`refuseStatefulResponsesFields`).
 */
export const responsesRequestSchema = z.object({
  model: z.string().min(1).optional(),
  input: z.union([z.string(), z.array(responsesInputItemSchema).min(1, "must hold at least one item")]).optional(),
  /** A Chorus template rendered before `input` (CONTRACT.md "Prompt templates"), which may then be left out. */
  prompt: promptRefSchema.optional(),
  instructions: z.string().nullish(),
  tools: z.array(responsesFunctionToolSchema).max(128, "must list at most 128 tools").optional(),
  tool_choice: responsesToolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.object({ format: responsesTextFormatSchema.optional() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  stream: z.boolean().nullish(),
  /** Chorus's own fields, as on chat (context blocks and their budget). */
  chorus: chorusRequestFieldsSchema.optional(),
}).superRefine((body, ctx) => {
  if (!body.prompt && body.input === undefined) ctx.addIssue({ code: "custom", path: ["input"], message: "is required (or give a `prompt`)" });
});
