import { estimateTokenCount } from "tokenx";
import type { ChatMessage } from "../chat-types.ts";

/** Role and separator tokens each message adds in the chat formats. */
const TOKENS_PER_MESSAGE = 4;

/**
 * Roughly how many tokens `text` takes in the GPT, Claude and Gemini
 * tokenizers: `tokenx`'s heuristics (a few kilobytes), not a tokenizer's
 * megabyte of ranks in the Worker bundle. Budgets only: never for billing
 * a provider's own count.
 */
export function estimateTextTokens(text: string): number {
  return text === "" ? 0 : estimateTokenCount(text);
}

function textOf(message: ChatMessage): string {
  const content = message.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** The estimated tokens of one chat message: its text and the message's own overhead. */
export function estimateMessageTokens(message: ChatMessage): number {
  return TOKENS_PER_MESSAGE + estimateTextTokens(textOf(message));
}

/** The estimated tokens of a prompt, message by message. */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((total, message) => total + estimateMessageTokens(message), 0);
}
