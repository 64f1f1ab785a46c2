import { personaExists, type PersonaInput } from "@chorus/core";
import type { ChorusDb } from "../create-db.ts";
import { personas } from "../schema/personas.ts";
import { contentColumns, type PersonaRow } from "./persona-row.ts";
import type { PersonaSharing } from "./persona-sharing.ts";

/** Stores a new persona of `ownerId` (null: a system persona); its owner's key taken already -> 409 `persona_exists` (decided by the unique index, so races too). */
export async function insertPersona(db: ChorusDb, ownerId: string | null, sharing: PersonaSharing, input: PersonaInput, now: Date): Promise<PersonaRow> {
  const row = await db.insert(personas).values({
    id: crypto.randomUUID(), ownerId, key: input.key, ...sharing, name: input.name, ...contentColumns(input), createdAt: now, updatedAt: now,
  }).onConflictDoNothing().returning().get();
  if (!row) throw personaExists(input.key);
  return row;
}
