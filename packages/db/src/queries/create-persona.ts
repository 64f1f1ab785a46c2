import type { Persona, PersonaInput, PersonaViewer } from "@chorus/core";
import type { ChorusDb } from "../create-db.ts";
import { insertPersona } from "./insert-persona.ts";
import { toPersona } from "./persona-row.ts";
import { userSharing } from "./persona-sharing.ts";

/** A new persona of the viewer's; their key taken already -> 409 `persona_exists`. */
export async function createPersona(db: ChorusDb, viewer: PersonaViewer, input: PersonaInput, now: Date = new Date()): Promise<Persona> {
  return toPersona(await insertPersona(db, viewer.userId, userSharing(input.visibility, viewer), input, now), viewer.userId);
}
