import { personaNotFound } from "@chorus/core";
import { and, eq, isNull } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { personas } from "../schema/personas.ts";
import type { PersonaRow } from "./persona-row.ts";

/** Admin: the system persona with that key, else 404 `persona_not_found`. */
export async function systemPersonaRow(db: ChorusDb, key: string): Promise<PersonaRow> {
  const row = await db.select().from(personas).where(and(isNull(personas.ownerId), eq(personas.key, key))).get();
  if (!row) throw personaNotFound(key);
  return row;
}
