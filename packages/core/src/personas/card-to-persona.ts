import type { CharacterCard } from "./character-card.ts";
import type { personaInputSchema } from "./persona-schema.ts";
import type * as z from "zod";

function paragraphs(...parts: string[]): string {
  return parts.map((part) => part.trim()).filter(Boolean).join("\n\n");
}

function entries(values: readonly string[]): string[] {
  return values.map((value) => value.trim()).filter(Boolean);
}

/**
 * A card as persona input, mapped as CONTRACT.md says: description +
 * scenario -> context, personality + mes_example -> voice, system_prompt ->
 * systemPrompt, post_history_instructions (one per line) -> constraints,
 * alternate_greetings -> sampleQueries, tags -> tags; Chorus's own extension
 * adds back what a card has no field for. The result still goes through
 * `personaInputSchema`, so the persona's bounds hold for imports too.
 */
export function cardToPersona(card: CharacterCard, key: string): z.input<typeof personaInputSchema> {
  const { data } = card;
  const chorus = data.extensions?.chorus;
  return {
    key,
    name: data.name,
    systemPrompt: data.system_prompt.trim(),
    context: paragraphs(data.description, data.scenario),
    voice: paragraphs(data.personality, data.mes_example),
    constraints: entries(data.post_history_instructions.split(/\r?\n/)),
    sampleQueries: entries(data.alternate_greetings),
    tags: [...new Set(entries(data.tags))],
    ...(chorus?.role !== undefined && { role: chorus.role }),
    ...(chorus?.avatar !== undefined && { avatar: chorus.avatar }),
    ...(chorus?.knowledge !== undefined && { knowledge: chorus.knowledge }),
    ...(chorus?.tools !== undefined && { tools: chorus.tools }),
  };
}
