import type { Persona, PersonaPatch, PersonaViewer } from "@chorus/core";
import type { ChorusDb } from "../create-db.ts";
import { checkPatchFits } from "./check-persona-change.ts";
import { contentColumns, toPersona } from "./persona-row.ts";
import { userSharing } from "./persona-sharing.ts";
import { updatePersonaRow } from "./update-persona-row.ts";
import { writablePersonaRow } from "./writable-persona-row.ts";

/**
 * `PATCH`: the fields given, merged. Only those columns are written, so two
 * patches of different fields both land. Naming `visibility: "workspace"`
 * (re)shares with the writer's current workspace; leaving it out keeps the
 * sharing as it is. Only the owner may.
 */
export async function mergePersona(
  db: ChorusDb,
  viewer: PersonaViewer,
  ref: string,
  patch: PersonaPatch,
  now: Date = new Date(),
): Promise<Persona> {
  const row = await writablePersonaRow(db, viewer, ref);
  checkPatchFits(row, patch);
  const sharing = patch.visibility === undefined ? {} : userSharing(patch.visibility, viewer);
  const updated = await updatePersonaRow(db, row, ref, { ...contentColumns(patch), ...sharing }, now);
  return toPersona(updated, viewer.userId);
}
