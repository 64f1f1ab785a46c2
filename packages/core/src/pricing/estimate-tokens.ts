import type { ChatMessage } from "../chat-types.ts";
import type { TokenUsage } from "./token-usage.ts";

/** English text averages about four characters per token in the GPT, Claude and Gemini tokenizers. */
const CHARS_PER_TOKEN = 4;
/** Role and separator tokens each message adds in chat formats. */
const TOKENS_PER_MESSAGE = 4;

/** A rough token count of `text` (~chars/4), for streams that end without provider usage. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

function messageText(message: ChatMessage): string {
  const parts: string[] = [];
  const content = message.content;
  if (typeof content === "string") parts.push(content);
  else if (Array.isArray(content)) for (const part of content) if (part.type === "text") parts.push(part.text);
  if (message.role === "assistant") for (const call of message.tool_calls ?? []) parts.push(call.function.name, call.function.arguments);
  return parts.join("\n");
}

/** Estimated usage of a chat exchange, marked so: always billed as estimated, never as measured. */
export function estimateChatUsage(messages: readonly ChatMessage[], completionText: string): TokenUsage & { estimated: true } {
  const tokensIn = messages.reduce((total, message) => total + TOKENS_PER_MESSAGE + estimateTokens(messageText(message)), 0);
  return { tokensIn, tokensOut: estimateTokens(completionText), cachedTokens: 0, estimated: true };
}
