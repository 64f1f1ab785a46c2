import { PERSONA_LIMITS, type PersonaSource } from "./persona-schema.ts";

/** How a ref addresses a persona: a system key (`writer`), the caller's own key (`user:{key}`), or a shared id (`ws:{id}`). */
export type PersonaRef =
  | { kind: "system"; key: string }
  | { kind: "user"; key: string }
  | { kind: "workspace"; id: string };

const ID = /^[A-Za-z0-9-]{1,64}$/;

/** The ref's parts; `undefined` for anything that cannot address a persona (which reads as not found). */
export function parsePersonaRef(ref: string): PersonaRef | undefined {
  if (ref.startsWith("user:")) {
    const key = ref.slice("user:".length);
    return PERSONA_LIMITS.keyPattern.test(key) ? { kind: "user", key } : undefined;
  }
  if (ref.startsWith("ws:")) {
    const id = ref.slice("ws:".length);
    return ID.test(id) ? { kind: "workspace", id } : undefined;
  }
  return PERSONA_LIMITS.keyPattern.test(ref) ? { kind: "system", key: ref } : undefined;
}

/** A stored persona's owner: `null` for a system persona. */
export interface PersonaOwnership {
  id: string;
  key: string;
  ownerId: string | null;
}

/** The ref and source of a persona as `viewerId` sees it: theirs by key, another member's by id. */
export function personaRefFor(persona: PersonaOwnership, viewerId: string): { ref: string; source: PersonaSource } {
  if (persona.ownerId === null) return { ref: persona.key, source: "system" };
  if (persona.ownerId === viewerId) return { ref: `user:${persona.key}`, source: "user" };
  return { ref: `ws:${persona.id}`, source: "workspace" };
}
