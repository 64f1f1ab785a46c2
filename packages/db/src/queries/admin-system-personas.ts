import type { Persona, PersonaInput, PersonaPatch, PersonaReplace } from "@chorus/core";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { personas } from "../schema/personas.ts";
import { checkKeyUnchanged, checkPatchFits } from "./check-persona-change.ts";
import { insertPersona } from "./insert-persona.ts";
import { contentColumns, toPersona } from "./persona-row.ts";
import { systemSharing } from "./persona-sharing.ts";
import { systemPersonaRow } from "./system-persona-row.ts";
import { updatePersonaRow } from "./update-persona-row.ts";

// A system persona looks the same to everyone: no viewer owns it.
const NO_VIEWER = "";

/** Admin: every system persona, by key. */
export async function adminListSystemPersonas(db: ChorusDb): Promise<Persona[]> {
  const rows = await db.select().from(personas).where(isNull(personas.ownerId)).orderBy(asc(personas.key)).all();
  return rows.map((row) => toPersona(row, NO_VIEWER));
}

/** Admin: one system persona by key (404 `persona_not_found`). */
export async function adminGetSystemPersona(db: ChorusDb, key: string): Promise<Persona> {
  return toPersona(await systemPersonaRow(db, key), NO_VIEWER);
}

/** Admin: a new system persona; a system key taken already -> 409 `persona_exists`. */
export async function adminCreateSystemPersona(db: ChorusDb, input: PersonaInput, now: Date = new Date()): Promise<Persona> {
  const row = await insertPersona(db, null, systemSharing(input.visibility), input, now);
  return toPersona(row, NO_VIEWER);
}

/** Admin: `PUT /admin/personas/{key}`, every field replaced. */
export async function adminReplaceSystemPersona(db: ChorusDb, key: string, input: PersonaReplace, now: Date = new Date()): Promise<Persona> {
  const row = await systemPersonaRow(db, key);
  checkKeyUnchanged(row, input.key);
  const updated = await updatePersonaRow(db, row, key, { ...contentColumns(input), ...systemSharing(input.visibility) }, now);
  return toPersona(updated, NO_VIEWER);
}

/** Admin: `PATCH /admin/personas/{key}`, the fields given merged. */
export async function adminMergeSystemPersona(db: ChorusDb, key: string, patch: PersonaPatch, now: Date = new Date()): Promise<Persona> {
  const row = await systemPersonaRow(db, key);
  checkPatchFits(row, patch);
  const sharing = patch.visibility === undefined ? {} : systemSharing(patch.visibility);
  const updated = await updatePersonaRow(db, row, key, { ...contentColumns(patch), ...sharing }, now);
  return toPersona(updated, NO_VIEWER);
}

/** Admin: removes a system persona (404 when there is none with that key). */
export async function adminDeleteSystemPersona(db: ChorusDb, key: string): Promise<void> {
  const row = await systemPersonaRow(db, key);
  await db.delete(personas).where(and(eq(personas.id, row.id), isNull(personas.ownerId)));
}
