import type { PersonaViewer } from "@chorus/core";
import { and, eq } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { personas } from "../schema/personas.ts";
import { writablePersonaRow } from "./writable-persona-row.ts";

/** Deletes one of the viewer's own personas (404 when not visible, 403 when visible but not theirs). */
export async function deletePersona(db: ChorusDb, viewer: PersonaViewer, ref: string): Promise<void> {
  const row = await writablePersonaRow(db, viewer, ref);
  await db.delete(personas).where(and(eq(personas.id, row.id), eq(personas.ownerId, viewer.userId)));
}
