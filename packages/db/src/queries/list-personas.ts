import type { Persona, PersonaViewer } from "@chorus/core";
import { and, asc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import type { ChorusDb } from "../create-db.ts";
import { personas } from "../schema/personas.ts";
import { toPersona } from "./persona-row.ts";

export interface PersonaFilter {
  /** A tag the persona carries (case-insensitive, whole tag). */
  tag?: string | undefined;
  /** Text in the name, key, role or a tag (case-insensitive for ASCII). */
  q?: string | undefined;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * The personas the viewer can see: system ones first, then their own, then
 * those other members share with their workspace; by key within each.
 */
export async function listPersonas(db: ChorusDb, viewer: PersonaViewer, filter: PersonaFilter = {}): Promise<Persona[]> {
  const visible: SQL[] = [isNull(personas.ownerId), eq(personas.ownerId, viewer.userId)];
  if (viewer.workspace !== undefined) {
    visible.push(and(eq(personas.visibility, "workspace"), eq(personas.workspaceId, viewer.workspace))!);
  }
  const conditions: SQL[] = [or(...visible)!];
  if (filter.tag !== undefined) {
    conditions.push(sql`exists (select 1 from json_each(${personas.tags}) where lower(json_each.value) = lower(${filter.tag}))`);
  }
  if (filter.q !== undefined) {
    const pattern = likePattern(filter.q);
    conditions.push(sql`(${personas.name} like ${pattern} escape '\\' or ${personas.key} like ${pattern} escape '\\'
      or ${personas.role} like ${pattern} escape '\\'
      or exists (select 1 from json_each(${personas.tags}) where json_each.value like ${pattern} escape '\\'))`);
  }
  const group = sql`case when ${personas.ownerId} is null then 0 when ${personas.ownerId} = ${viewer.userId} then 1 else 2 end`;
  const rows = await db.select().from(personas).where(and(...conditions)).orderBy(group, asc(personas.key), asc(personas.id)).all();
  return rows.map((row) => toPersona(row, viewer.userId));
}
