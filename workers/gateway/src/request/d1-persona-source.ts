import { createDb, findPersona } from "@chorus/db";
import type { PersonaSource } from "./persona-source.ts";

/** Personas from D1 as the caller may see them: their own, their workspace's shared ones, the system's. */
export const d1PersonaSource: PersonaSource = (env, principal, ref) => {
  const viewer = principal.workspace === undefined ? { userId: principal.userId } : { userId: principal.userId, workspace: principal.workspace };
  return findPersona(createDb(env.DB), viewer, ref);
};
