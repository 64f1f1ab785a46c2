import type { Persona, PersonaReplace, PersonaViewer } from "@chorus/core";
import type { ChorusDb } from "../create-db.ts";
import { checkKeyUnchanged } from "./check-persona-change.ts";
import { contentColumns, toPersona } from "./persona-row.ts";
import { userSharing } from "./persona-sharing.ts";
import { updatePersonaRow } from "./update-persona-row.ts";
import { writablePersonaRow } from "./writable-persona-row.ts";

/** `PUT`: every field replaced (absent ones at their defaults, so an absent visibility unshares). Only the owner may. */
export async function replacePersona(
  db: ChorusDb,
  viewer: PersonaViewer,
  ref: string,
  input: PersonaReplace,
  now: Date = new Date(),
): Promise<Persona> {
  const row = await writablePersonaRow(db, viewer, ref);
  checkKeyUnchanged(row, input.key);
  const updated = await updatePersonaRow(db, row, ref, { ...contentColumns(input), ...userSharing(input.visibility, viewer) }, now);
  return toPersona(updated, viewer.userId);
}
