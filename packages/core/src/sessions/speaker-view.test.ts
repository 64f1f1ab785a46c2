import { describe, expect, it } from "vitest";
import { renderPersona, type PersonaVoice } from "../compose/compose-prompt.ts";
import { estimateMessageTokens } from "../tokens/token-estimate.ts";
import { speakerView, type ThreadLine } from "./speaker-view.ts";

const poet: PersonaVoice = { name: "Flamenco Poet", systemPrompt: "You are a flamenco poet.", constraints: ["Never write prose."] };
const poetRef = "user:poet";

const user = (content: string): ThreadLine => ({ role: "user", persona: null, personaName: null, content });
const said = (persona: string, personaName: string, content: string): ThreadLine => ({ role: "assistant", persona, personaName, content });

const thread: ThreadLine[] = [
  user("Tell me about the sea."),
  said(poetRef, "Flamenco Poet", "The sea sings in blue."),
  said("writer", "Writer", "The sea covers most of the planet."),
  user("And the moon?"),
];

describe("speakerView", () => {
  it("shows the speaker its own lines as assistant, the user's as user, others' as named user lines, under its persona", () => {
    const view = speakerView({ speaker: { ref: poetRef, voice: poet }, thread, contextTokens: 8000 });
    expect(view.trimmed).toBe(0);
    expect(view.messages).toEqual([
      { role: "system", content: renderPersona(poet) },
      { role: "user", content: "Tell me about the sea." },
      { role: "assistant", content: "The sea sings in blue." },
      { role: "user", content: "[Writer]: The sea covers most of the planet." },
      { role: "user", content: "And the moon?" },
    ]);
  });

  it("shows another speaker the same thread from its own seat", () => {
    const writer: PersonaVoice = { name: "Writer", systemPrompt: "You write clear prose." };
    const view = speakerView({ speaker: { ref: "writer", voice: writer }, thread, contextTokens: 8000 });
    expect(view.messages.slice(1)).toEqual([
      { role: "user", content: "Tell me about the sea." },
      { role: "user", content: "[Flamenco Poet]: The sea sings in blue." },
      { role: "assistant", content: "The sea covers most of the planet." },
      { role: "user", content: "And the moon?" },
    ]);
  });

  it("drops the oldest lines first until the prompt fits, and counts them", () => {
    const long = (n: number) => `line ${n} `.repeat(60);
    const lines = [user(long(1)), said(poetRef, "Flamenco Poet", long(2)), user(long(3)), said(poetRef, "Flamenco Poet", long(4)), user("newest")];
    const full = speakerView({ speaker: { ref: poetRef, voice: poet }, thread: lines, contextTokens: 1_000_000 });
    const total = full.messages.reduce((sum, message) => sum + estimateMessageTokens(message), 0);
    const firstLine = estimateMessageTokens(full.messages[1]!);
    const view = speakerView({ speaker: { ref: poetRef, voice: poet }, thread: lines, contextTokens: total - firstLine });
    expect(view.trimmed).toBe(1);
    expect(view.messages.map((message) => message.content)).toEqual([renderPersona(poet), long(2), long(3), long(4), "newest"]);

    const tighter = speakerView({ speaker: { ref: poetRef, voice: poet }, thread: lines, contextTokens: total - firstLine - 1 });
    expect(tighter.trimmed).toBe(2);
    expect(tighter.messages[1]!.content).toBe(long(3));
  });

  it("never drops the persona's system text or the newest user message, even over budget", () => {
    const lines = [user("old question"), said(poetRef, "Flamenco Poet", "old answer"), user("the newest question ".repeat(50)), said("writer", "Writer", "just said")];
    const view = speakerView({ speaker: { ref: poetRef, voice: poet }, thread: lines, contextTokens: 1 });
    expect(view.trimmed).toBe(3);
    expect(view.messages).toEqual([
      { role: "system", content: renderPersona(poet) },
      { role: "user", content: "the newest question ".repeat(50) },
    ]);
  });

  it("keeps the answers just given after the newest user message while the budget allows", () => {
    const lines = [user("old ".repeat(200)), user("now"), said("writer", "Writer", "first answer")];
    const view = speakerView({ speaker: { ref: poetRef, voice: poet }, thread: lines, contextTokens: 200 });
    expect(view.trimmed).toBe(1);
    expect(view.messages.slice(1)).toEqual([{ role: "user", content: "now" }, { role: "user", content: "[Writer]: first answer" }]);
  });
});
