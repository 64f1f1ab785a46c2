import type { ChatMessage } from "../chat-types.ts";
import { composePrompt, type PersonaVoice } from "../compose/compose-prompt.ts";
import { estimateMessageTokens } from "../tokens/token-estimate.ts";

/** One line of a session's thread, in order: the user's, or a persona's answer. */
export interface ThreadLine {
  role: "user" | "assistant";
  /** The speaker's ref; `null` for the user. */
  persona: string | null;
  /** The speaker's name when it spoke, for the `[Name]: ` other speakers see. */
  personaName: string | null;
  content: string;
}

export interface SpeakerViewInput {
  /** Who speaks next: its ref (its own lines are `assistant`) and its voice (the system message). */
  speaker: { ref: string; voice: PersonaVoice };
  thread: readonly ThreadLine[];
  /** The budget of the whole prompt, system text included (estimated tokens). */
  contextTokens: number;
}

export interface SpeakerView {
  messages: ChatMessage[];
  /** Lines of the thread left out to fit the budget (`x-chorus-context-trimmed`). */
  trimmed: number;
}

function seenAs(line: ThreadLine, speakerRef: string): ChatMessage {
  if (line.role === "user") return { role: "user", content: line.content };
  if (line.persona === speakerRef) return { role: "assistant", content: line.content };
  return { role: "user", content: `[${line.personaName ?? line.persona ?? "Someone"}]: ${line.content}` };
}

/**
 * The thread as the next speaker sees it (CONTRACT.md "Sessions"): its own
 * lines as `assistant`, the user's as `user`, other personas' as `user`
 * lines prefixed with their name, under its persona's system message
 * (`composePrompt`). Over `contextTokens` the oldest lines go first, one by
 * one; the system text and the newest user message are never dropped, so
 * they alone may exceed the budget.
 */
export function speakerView(input: SpeakerViewInput): SpeakerView {
  const seen = input.thread.map((line) => seenAs(line, input.speaker.ref));
  const system = composePrompt({ persona: input.speaker.voice, messages: [] });
  const newestUser = input.thread.findLastIndex((line) => line.role === "user");
  const costs = seen.map(estimateMessageTokens);
  let total = costs.reduce((sum, cost) => sum + cost, 0) + system.reduce((sum, message) => sum + estimateMessageTokens(message), 0);
  const dropped = new Set<number>();
  for (let index = 0; index < seen.length && total > input.contextTokens; index++) {
    if (index === newestUser) continue;
    dropped.add(index);
    total -= costs[index]!;
  }
  const kept = seen.filter((_, index) => !dropped.has(index));
  return { messages: composePrompt({ persona: input.speaker.voice, messages: kept }), trimmed: dropped.size };
}
