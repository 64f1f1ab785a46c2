import type { ChatMessage, ContentPart, ToolCall } from "@chorus/core";
import type { Content, Part } from "@google/generative-ai";
import { toGeminiPart } from "./to-gemini-part.ts";

export interface GeminiConversation {
  contents: Content[];
  systemInstruction?: Content;
}

function toParts(content: string | ContentPart[] | null | undefined): Part[] {
  if (content === null || content === undefined || content === "") return [];
  return typeof content === "string" ? [{ text: content }] : content.map(toGeminiPart);
}

function parseArguments(json: string): object {
  try {
    const parsed: unknown = JSON.parse(json || "{}");
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? parsed : { value: parsed };
  } catch {
    return { value: json };
  }
}

/** A tool result as Gemini wants it: a JSON object, the text wrapped when it is not one. */
function toFunctionResponse(text: string): object {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed;
  } catch {
    // plain text result
  }
  return { content: text };
}

const textOf = (content: string | { text: string }[]) => (typeof content === "string" ? content : content.map((part) => part.text).join(""));

/**
 * OpenAI messages as a Gemini conversation. System and developer messages go
 * to `systemInstruction`; tool results become `functionResponse` parts in a
 * user turn, named after the call they answer (Gemini matches by name, not id).
 * Consecutive turns of one role are merged, as Gemini expects turns to alternate.
 */
export function toGeminiContents(messages: ChatMessage[]): GeminiConversation {
  const system: Part[] = [];
  const contents: Content[] = [];
  const callNames = new Map<string, string>();
  const push = (role: "user" | "model", parts: Part[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  for (const message of messages) {
    switch (message.role) {
      case "system":
      case "developer":
        system.push(...toParts(message.content));
        break;
      case "user":
        push("user", toParts(message.content));
        break;
      case "assistant": {
        const calls: ToolCall[] = message.tool_calls ?? [];
        for (const call of calls) callNames.set(call.id, call.function.name);
        push("model", [
          ...toParts(message.content),
          ...calls.map((call): Part => ({ functionCall: { name: call.function.name, args: parseArguments(call.function.arguments) } })),
        ]);
        break;
      }
      case "tool": {
        const name = callNames.get(message.tool_call_id) ?? message.tool_call_id;
        push("user", [{ functionResponse: { name, response: toFunctionResponse(textOf(message.content)) } }]);
        break;
      }
    }
  }
  return system.length > 0 ? { contents, systemInstruction: { role: "system", parts: system } } : { contents };
}
