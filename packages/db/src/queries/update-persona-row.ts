import { personaNotFound } from "@chorus/core";
import { and, eq, isNull } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { personas } from "../schema/personas.ts";
import type { PersonaContent, PersonaRow } from "./persona-row.ts";
import type { PersonaSharing } from "./persona-sharing.ts";

/**
 * Writes the given columns of a row already found writable. The owner is in
 * the WHERE clause again, so a row deleted (or a key reused) in between is
 * never written; it answers as not found.
 */
export async function updatePersonaRow(
  db: ChorusDb,
  row: PersonaRow,
  ref: string,
  columns: Partial<PersonaContent> & Partial<PersonaSharing>,
  now: Date,
): Promise<PersonaRow> {
  const owner = row.ownerId === null ? isNull(personas.ownerId) : eq(personas.ownerId, row.ownerId);
  const updated = await db.update(personas).set({ ...columns, updatedAt: now })
    .where(and(eq(personas.id, row.id), owner)).returning().get();
  if (!updated) throw personaNotFound(ref);
  return updated;
}
