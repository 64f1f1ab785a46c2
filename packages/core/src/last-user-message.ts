import type { ChatRequest } from "./chat-types.ts";

export interface LastUserMessage {
  /** Position in `messages`. */
  index: number;
  /** Its text; parts joined by a newline. */
  text: string;
}

/**
 * The last user message, when it is text only: a message with an image has
 * no text that stands for the whole of it, so it has no semantic match.
 */
export function lastUserMessage(request: ChatRequest): LastUserMessage | undefined {
  const index = request.messages.findLastIndex((message) => message.role === "user");
  const message = request.messages[index];
  if (message?.role !== "user") return undefined;
  if (typeof message.content === "string") return message.content.trim() === "" ? undefined : { index, text: message.content };
  const texts: string[] = [];
  for (const part of message.content) {
    if (part.type !== "text") return undefined;
    texts.push(part.text);
  }
  const text = texts.join("\n");
  return text.trim() === "" ? undefined : { index, text };
}
