import { personaRefFor, type Persona, type PersonaInput } from "@chorus/core";
import { personas } from "../schema/personas.ts";

export type PersonaRow = typeof personas.$inferSelect;

/** The fields a caller writes (everything but key, owner and sharing), as stored. */
export type PersonaContent = Omit<PersonaInput, "key" | "visibility">;

/** A stored persona as `viewerId` sees it. */
export function toPersona(row: PersonaRow, viewerId: string): Persona {
  return { id: row.id, ...personaRefFor(row, viewerId), ...inputOf(row), createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/** The writable columns of a validated input, copied field by field so nothing else in a body reaches the row. */
export function contentColumns(input: Partial<PersonaContent>): Partial<PersonaContent> {
  const columns: Partial<PersonaContent> = {};
  if (input.name !== undefined) columns.name = input.name;
  if (input.role !== undefined) columns.role = input.role;
  if (input.avatar !== undefined) columns.avatar = input.avatar;
  if (input.systemPrompt !== undefined) columns.systemPrompt = input.systemPrompt;
  if (input.context !== undefined) columns.context = input.context;
  if (input.voice !== undefined) columns.voice = input.voice;
  if (input.knowledge !== undefined) columns.knowledge = [...input.knowledge];
  if (input.constraints !== undefined) columns.constraints = [...input.constraints];
  if (input.sampleQueries !== undefined) columns.sampleQueries = [...input.sampleQueries];
  if (input.tags !== undefined) columns.tags = [...input.tags];
  if (input.tools !== undefined) columns.tools = [...input.tools];
  if (input.profile !== undefined) columns.profile = input.profile;
  return columns;
}

/** The persona's input fields as stored, for merging a patch into. */
export function inputOf(row: PersonaRow): PersonaInput {
  return {
    key: row.key,
    name: row.name,
    role: row.role,
    avatar: row.avatar,
    systemPrompt: row.systemPrompt,
    context: row.context,
    voice: row.voice,
    knowledge: row.knowledge,
    constraints: row.constraints,
    sampleQueries: row.sampleQueries,
    tags: row.tags,
    tools: row.tools,
    profile: row.profile,
    visibility: row.visibility,
  };
}
