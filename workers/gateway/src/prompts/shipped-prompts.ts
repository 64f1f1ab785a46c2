import { checkPromptMessages, promptFileSchema, type PromptFile } from "@chorus/core";
import summarize from "../../../../config/prompts/summarize.json" with { type: "json" };
import supportReply from "../../../../config/prompts/support-reply.json" with { type: "json" };
import { ConfigError } from "../config/config-error.ts";

/**
 * `config/prompts/*.json`, bundled like the other config files (the Worker
 * has no file system). A new file is added here too; `npm start` refuses to
 * serve while a file in that folder is missing from this list.
 */
export const SHIPPED_PROMPT_FILES: Readonly<Record<string, unknown>> = {
  "summarize.json": summarize,
  "support-reply.json": supportReply,
};

/** One shipped file checked like an admin's write: a mistake fails at start, naming the file and the field. */
export function parsePromptFile(file: string, json: unknown): PromptFile {
  const parsed = promptFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`config/prompts/${file}: '${issue.path.join(".")}' ${issue.message}`);
  }
  try {
    checkPromptMessages(parsed.data.messages);
  } catch (error) {
    throw new ConfigError(`config/prompts/${file}: ${(error as Error).message}`);
  }
  return parsed.data;
}

export const SHIPPED_PROMPTS: readonly PromptFile[] = Object.entries(SHIPPED_PROMPT_FILES).map(([file, json]) => parsePromptFile(file, json));
