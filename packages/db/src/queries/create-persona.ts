import { personaExists, type Persona, type PersonaInput, type PersonaViewer } from "@chorus/core";
import type { ChorusDb } from "../create-db.ts";
import { personas } from "../schema/personas.ts";
import { contentColumns, toPersona } from "./persona-row.ts";
import { userSharing } from "./persona-sharing.ts";

/** A new persona of the viewer's; their key taken already -> 409 `persona_exists` (decided by the unique index, so races too). */
export async function createPersona(db: ChorusDb, viewer: PersonaViewer, input: PersonaInput, now: Date = new Date()): Promise<Persona> {
  const row = await db.insert(personas).values({
    id: crypto.randomUUID(),
    ownerId: viewer.userId,
    key: input.key,
    ...userSharing(input.visibility, viewer),
    name: input.name,
    ...contentColumns(input),
    createdAt: now,
    updatedAt: now,
  }).onConflictDoNothing().returning().get();
  if (!row) throw personaExists(input.key);
  return toPersona(row, viewer.userId);
}
