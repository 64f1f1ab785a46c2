import { SESSION_LIMITS } from "@chorus/core";
import type { Principal } from "../auth/principal.ts";
import type { GatewayEnv } from "../env.ts";
import type { PersonaSource, ScopePersona } from "../request/persona-source.ts";
import { personaNotInSession, speakerNotFound } from "./session-errors.ts";

/** A persona named in a request body, and the field that named it (for the error's `param`). */
export interface NamedRef {
  ref: string;
  param: string;
}

/** A new session's default speaker: `general`, unless the participants leave it out (then their first). */
export function defaultSpeaker(participants: readonly string[] | null): string {
  const fallback: string = SESSION_LIMITS.defaultPersona;
  return participants === null || participants.includes(fallback) ? fallback : participants[0]!;
}

/** 400 `persona_not_in_session` for the first ref the participants leave out; `null` participants: anyone may speak. */
export function checkParticipants(refs: readonly NamedRef[], participants: readonly string[] | null): void {
  if (participants === null) return;
  const outsider = refs.find(({ ref }) => !participants.includes(ref));
  if (outsider) throw personaNotInSession(outsider.ref, outsider.param);
}

/**
 * The personas `refs` name, as the caller may see them, in order (a ref
 * named twice is looked up once); 404 `persona_not_found` naming the field
 * of the first the caller cannot see.
 */
export async function findSpeakers(personas: PersonaSource, env: GatewayEnv, principal: Principal, refs: readonly NamedRef[]): Promise<ScopePersona[]> {
  const unique = [...new Set(refs.map(({ ref }) => ref))];
  const found = new Map(await Promise.all(unique.map(async (ref) => [ref, await personas(env, principal, ref)] as const)));
  return refs.map(({ ref, param }) => {
    const persona = found.get(ref);
    if (!persona) throw speakerNotFound(ref, param);
    return persona;
  });
}
