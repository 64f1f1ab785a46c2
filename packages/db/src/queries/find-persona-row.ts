import type { PersonaRef, PersonaViewer } from "@chorus/core";
import { and, eq, isNull } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { personas } from "../schema/personas.ts";
import type { PersonaRow } from "./persona-row.ts";

/**
 * The row a ref names, if the viewer may read it: a system persona by key,
 * the viewer's own by key, or one shared with the viewer's workspace by id.
 * Another user's private persona matches none of these, so it reads as absent.
 */
export async function findPersonaRow(db: ChorusDb, viewer: PersonaViewer, ref: PersonaRef): Promise<PersonaRow | undefined> {
  switch (ref.kind) {
    case "system":
      return db.select().from(personas).where(and(isNull(personas.ownerId), eq(personas.key, ref.key))).get();
    case "user":
      return db.select().from(personas).where(and(eq(personas.ownerId, viewer.userId), eq(personas.key, ref.key))).get();
    case "workspace":
      if (viewer.workspace === undefined) return undefined;
      return db.select().from(personas).where(and(
        eq(personas.id, ref.id),
        eq(personas.visibility, "workspace"),
        eq(personas.workspaceId, viewer.workspace),
      )).get();
  }
}
