import * as z from "zod";
import { chatMessageSchema } from "./chat-message-schema.ts";
import { chorusRequestFieldsSchema } from "./chorus-context-schema.ts";
import { functionToolSchema, responseFormatSchema, toolChoiceSchema } from "./chat-tool-schema.ts";
import { promptRefSchema } from "../prompts/prompt-schema.ts";

/**
 * The Chat Completions body Chorus accepts; unknown fields are dropped, known
 * ones checked. `model` is the client's choice (a profile, `provider/model`)
 * or absent; the concrete model of each upstream call is `CallContext.model`.
 * `prompt` names a template rendered before `messages` (CONTRACT.md "Prompt
 * templates"), which may then be left out.
 */
export const chatRequestSchema = z.object({
  model: z.string().min(1).optional(),
  messages: z.array(chatMessageSchema).default([]),
  prompt: promptRefSchema.optional(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  // OpenAI's own limit; with each schema bounded, it bounds what a request asks adapters to translate.
  tools: z.array(functionToolSchema).max(128, "must list at most 128 tools").optional(),
  tool_choice: toolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormatSchema.optional(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  seed: z.number().int().nullish(),
  user: z.string().optional(),
  n: z.literal(1, { error: "only n=1 is supported" }).nullish(),
  /** Chorus's own fields; the prompt composition stage takes them out before any provider sees the body. */
  chorus: chorusRequestFieldsSchema.optional(),
}).superRefine((body, ctx) => {
  if (!body.prompt && body.messages.length === 0) ctx.addIssue({ code: "custom", path: ["messages"], message: "must hold at least one message (or give a `prompt`)" });
});
