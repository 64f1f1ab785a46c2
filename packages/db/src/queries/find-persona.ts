import { parsePersonaRef, type Persona, type PersonaViewer } from "@chorus/core";
import type { ChorusDb } from "../create-db.ts";
import { findPersonaRow } from "./find-persona-row.ts";
import { toPersona } from "./persona-row.ts";

/**
 * The persona `ref` names (`writer`, `user:{key}`, `ws:{id}`) as the viewer
 * sees it, or `undefined` when it does not exist or is not theirs to see
 * (the caller answers both with 404 `persona_not_found`). The chat path and
 * the persona routes read personas through this.
 */
export async function findPersona(db: ChorusDb, viewer: PersonaViewer, ref: string): Promise<Persona | undefined> {
  const parsed = parsePersonaRef(ref);
  const row = parsed && (await findPersonaRow(db, viewer, parsed));
  return row && toPersona(row, viewer.userId);
}
