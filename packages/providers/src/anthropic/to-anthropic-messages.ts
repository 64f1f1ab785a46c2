import { UpstreamError, type ChatMessage, type ToolCall } from "@chorus/core";
import type { ContentBlockParam, ToolUseBlockParam } from "@anthropic-ai/sdk/resources/messages";
import { textOf, toAnthropicContent } from "./to-anthropic-content.ts";

interface Turn {
  role: "user" | "assistant";
  content: ContentBlockParam[];
}

export interface AnthropicConversation {
  /** System and developer messages, in order; undefined when there were none. */
  system: string | undefined;
  messages: Turn[];
}

function toToolUse(call: ToolCall): ToolUseBlockParam {
  let input: unknown;
  try {
    input = JSON.parse(call.function.arguments || "{}");
  } catch {
    input = undefined;
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new UpstreamError({
      provider: "anthropic", kind: "bad_request", status: 400,
      message: `tool call ${call.id} has arguments that are not a JSON object`,
    });
  }
  return { type: "tool_use", id: call.id, name: call.function.name, input };
}

type Instruction = Extract<ChatMessage, { role: "system" | "developer" }>;

function isInstruction(message: ChatMessage): message is Instruction {
  return message.role === "system" || message.role === "developer";
}

function toTurn(message: Exclude<ChatMessage, Instruction>): Turn {
  switch (message.role) {
    case "user":
      return { role: "user", content: toAnthropicContent(message.content) };
    case "assistant":
      return {
        role: "assistant",
        content: [...toAnthropicContent(message.content), ...(message.tool_calls ?? []).map(toToolUse)],
      };
    case "tool":
      return { role: "user", content: [{ type: "tool_result", tool_use_id: message.tool_call_id, content: textOf(message.content) }] };
  }
}

/**
 * OpenAI messages as Anthropic's `system` plus alternating turns: tool results
 * become user turns, and consecutive turns of one role merge into one, since
 * Anthropic wants roles to alternate and all tool results in one user turn.
 */
export function toAnthropicMessages(messages: ChatMessage[]): AnthropicConversation {
  const system: string[] = [];
  const turns: Turn[] = [];
  for (const message of messages) {
    if (isInstruction(message)) {
      system.push(textOf(message.content));
      continue;
    }
    const turn = toTurn(message);
    if (turn.content.length === 0) continue;
    const previous = turns.at(-1);
    if (previous?.role === turn.role) previous.content.push(...turn.content);
    else turns.push(turn);
  }
  return { system: system.length > 0 ? system.join("\n\n") : undefined, messages: turns };
}
