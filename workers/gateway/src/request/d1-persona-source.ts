import { TtlCache } from "@chorus/core";
import { createDb, findPersona } from "@chorus/db";
import type { MiddlewareHandler } from "hono";
import type { PersonaSource, ScopePersona } from "./persona-source.ts";

/**
 * Personas this isolate found, per caller (user and workspace) and ref, so
 * a chat with a persona reads no D1 row per request. A persona write in
 * this isolate forgets them all (`forgetPersonasOnWrite`); a write through
 * another isolate is seen here within PERSONA_CACHE_MS.
 */
export const PERSONA_CACHE_MS = 30_000;
const personas = new TtlCache<ScopePersona>({ name: "personas", ttlMs: PERSONA_CACHE_MS, maxEntries: 5_000 });

/** Personas from D1 as the caller may see them: their own, their workspace's shared ones, the system's. */
export const d1PersonaSource: PersonaSource = async (env, principal, ref) => {
  const key = JSON.stringify([principal.userId, principal.workspace ?? null, ref]);
  const known = personas.get(key);
  if (known) return known;
  const viewer = principal.workspace === undefined ? { userId: principal.userId } : { userId: principal.userId, workspace: principal.workspace };
  const found = await findPersona(createDb(env.DB), viewer, ref);
  if (found) personas.set(key, found);
  return found;
};

/** After a persona is written (created, replaced, changed, removed), this isolate reads personas afresh. */
export function forgetPersonasOnWrite(): MiddlewareHandler {
  return async function forgetPersonasOnWrite(c, next) {
    await next();
    if (c.req.method !== "GET" && !c.req.path.endsWith("/preview") && c.res.status < 300) personas.deleteWhere(() => true);
  };
}
