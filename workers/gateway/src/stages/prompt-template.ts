import type { ChatRequest } from "@chorus/core";
import { renderPromptRef } from "../prompts/render-prompt-ref.ts";
import type { Answer } from "../request/answer.ts";
import type { RequestScope } from "../request/request-scope.ts";
import type { Next } from "../request/stage.ts";

/**
 * A request's `prompt` (CONTRACT.md "Prompt templates"): the template's
 * version for this caller, rendered before the caller's messages. It runs
 * before prompt composition (personas and modes wrap the rendered prompt)
 * and before the cache, whose key then holds the rendered messages; the
 * answer names what was used in `x-chorus-prompt: name@version`.
 */
export async function promptTemplate(scope: RequestScope<ChatRequest>, next: Next<ChatRequest>): Promise<Answer> {
  const { prompt, ...body } = scope.body;
  if (!prompt) return next();
  const rendered = await renderPromptRef(scope.env.DB, scope.principal.userId, prompt);
  const answer = await next({ ...scope, body: { ...body, messages: [...rendered.messages, ...body.messages] } });
  answer.headers["x-chorus-prompt"] = `${rendered.name}@${rendered.version}`;
  return answer;
}
