import { parsePersonaRef, personaNotFound, personaReadOnly, type PersonaViewer } from "@chorus/core";
import type { ChorusDb } from "../create-db.ts";
import { findPersonaRow } from "./find-persona-row.ts";
import type { PersonaRow } from "./persona-row.ts";

/**
 * The row a user may change through `ref`: their own. A persona they can
 * read but do not own (system, or shared by another member) is 403
 * `persona_read_only`; one they cannot read is 404 `persona_not_found`.
 */
export async function writablePersonaRow(db: ChorusDb, viewer: PersonaViewer, ref: string): Promise<PersonaRow> {
  const parsed = parsePersonaRef(ref);
  const row = parsed && (await findPersonaRow(db, viewer, parsed));
  if (!row) throw personaNotFound(ref);
  if (row.ownerId !== viewer.userId) throw personaReadOnly(ref);
  return row;
}
