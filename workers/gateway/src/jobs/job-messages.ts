import { composePrompt, fillPlaceholders, fillVariables, fitCallContext, type ChatMessage, type ModelCall, type PlaceholderValues } from "@chorus/core";
import type { GatewayEnv } from "../env.ts";
import { renderPromptRef } from "../prompts/render-prompt-ref.ts";

/** A call's messages as sent, and how many of its reference blocks did not fit the budget (its worker's `progress` event says so). */
export interface CallMessages {
  messages: ChatMessage[];
  contextDropped: number;
}

/**
 * What a job's model call sends: its prompt template rendered as a chat
 * request's `prompt` is (the version the owner's split picks), then its
 * messages, both with their placeholders filled; its reference material
 * fitted to the budget by priority and composed in front as chat does.
 */
export async function callMessages(env: GatewayEnv, userId: string, call: ModelCall, values: PlaceholderValues): Promise<CallMessages> {
  const rendered = call.prompt
    ? (await renderPromptRef(env.DB, userId, { ...call.prompt, variables: fillVariables(call.prompt.variables, values) })).messages
    : [];
  const own = (call.messages ?? []).map((message) => ({ role: message.role, content: fillPlaceholders(message.content, values) }));
  const messages: ChatMessage[] = [...rendered, ...own];
  if (!call.context) return { messages, contextDropped: 0 };
  const fitted = fitCallContext(call.context, values);
  return { messages: composePrompt({ context: fitted.kept.map((block) => block.text), messages }), contextDropped: fitted.dropped };
}
