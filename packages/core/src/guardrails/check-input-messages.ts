import type { ChatMessage } from "../chat-types.ts";
import { GatewayError } from "../gateway-error.ts";
import { findPii, maskPii } from "./find-pii.ts";
import type { Guardrails } from "./guardrail-types.ts";

type InputRails = NonNullable<Guardrails["input"]>;

/**
 * The caller's messages (role `user`) through a feature's input rails:
 * `block` throws 400 `guardrail_input` naming the message, `redact` returns
 * the messages with PII masked. Unchanged messages are the same objects.
 */
export function checkInputMessages(messages: readonly ChatMessage[], rails: InputRails): ChatMessage[] {
  const pii = rails.pii;
  if (!pii) return [...messages];
  const screen = (text: string, param: string): string => {
    const matches = findPii(text, pii.detect);
    if (matches.length === 0) return text;
    if (pii.action === "block") {
      const kinds = [...new Set(matches.map((match) => match.kind))].join(", ");
      throw new GatewayError({ status: 400, code: "guardrail_input", param, message: `The message holds personal data this feature does not accept (${kinds}).` });
    }
    return maskPii(text, matches);
  };
  return messages.map((message, index) => {
    if (message.role !== "user") return message;
    const param = `messages[${index}].content`;
    if (typeof message.content === "string") {
      const content = screen(message.content, param);
      return content === message.content ? message : { ...message, content };
    }
    let changed = false;
    const parts = message.content.map((part, at) => {
      if (part.type !== "text") return part;
      const text = screen(part.text, `${param}[${at}].text`);
      if (text === part.text) return part;
      changed = true;
      return { ...part, text };
    });
    return changed ? { ...message, content: parts } : message;
  });
}
