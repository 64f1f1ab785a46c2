/** Persona shapes of CONTRACT.md "Personas", written out so the published package stands alone (see chat-types.ts). */

export type PersonaSource = "system" | "user" | "workspace";
export type PersonaVisibility = "private" | "workspace";

/** A persona as the API answers it, relative to the caller (`ref`, `source`). */
export interface Persona {
  /** Stable id; a shared persona's ref is `ws:{id}`. */
  id: string;
  /** How it is addressed: `writer` (system), `user:{key}` (the caller's own), `ws:{id}` (shared with the workspace). */
  ref: string;
  key: string;
  source: PersonaSource;
  name: string;
  role: string;
  avatar: string | null;
  systemPrompt: string;
  context: string;
  voice: string;
  knowledge: string[];
  constraints: string[];
  sampleQueries: string[];
  tags: string[];
  tools: string[];
  /** The profile used when a request names no model. */
  profile: string | null;
  visibility: PersonaVisibility;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

/**
 * A persona as a client writes it (`POST`, `PUT`): `key` and `name` are
 * required, the rest default to empty. `key` is a slug
 * (`^[a-z0-9][a-z0-9-]{0,63}$`); the gateway answers 400 naming the field
 * for anything out of bounds.
 */
export interface PersonaDraft {
  key: string;
  name: string;
  role?: string;
  avatar?: string | null;
  systemPrompt?: string;
  context?: string;
  voice?: string;
  knowledge?: string[];
  constraints?: string[];
  sampleQueries?: string[];
  tags?: string[];
  tools?: string[];
  profile?: string | null;
  visibility?: PersonaVisibility;
}

/** A Character Card V2 as `GET /v1/personas/{ref}/export` writes it. */
export interface CharacterCardV2 {
  spec: "chara_card_v2";
  spec_version: "2.0";
  data: {
    name: string;
    description: string;
    personality: string;
    scenario: string;
    first_mes: string;
    mes_example: string;
    creator_notes: string;
    system_prompt: string;
    post_history_instructions: string;
    alternate_greetings: string[];
    tags: string[];
    creator: string;
    character_version: string;
    /** Chorus's own fields, so an exported card imports back whole. */
    extensions: {
      chorus: {
        role?: string;
        avatar?: string | null;
        knowledge?: string[];
        tools?: string[];
        key: string;
        profile: string | null;
        [field: string]: unknown;
      };
    };
  };
}
