import type { CharacterCardV2 } from "./character-card.ts";
import type { Persona } from "./persona-schema.ts";

/**
 * A persona as a Character Card V2, the inverse of `cardToPersona`: context
 * -> description, voice -> personality, constraints one per line ->
 * post_history_instructions, sampleQueries -> alternate_greetings. What V2
 * has no field for (key, role, avatar, knowledge, tools, profile) goes in
 * `extensions.chorus`, which other apps keep and ignore.
 */
export function personaToCard(persona: Persona): CharacterCardV2 {
  return {
    spec: "chara_card_v2",
    spec_version: "2.0",
    data: {
      name: persona.name,
      description: persona.context,
      personality: persona.voice,
      scenario: "",
      first_mes: "",
      mes_example: "",
      creator_notes: persona.role,
      system_prompt: persona.systemPrompt,
      post_history_instructions: persona.constraints.join("\n"),
      alternate_greetings: [...persona.sampleQueries],
      tags: [...persona.tags],
      creator: "",
      character_version: "",
      extensions: {
        chorus: {
          key: persona.key,
          role: persona.role,
          avatar: persona.avatar,
          knowledge: [...persona.knowledge],
          tools: [...persona.tools],
          profile: persona.profile,
        },
      },
    },
  };
}
