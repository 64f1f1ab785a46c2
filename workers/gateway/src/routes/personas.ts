import { personaInputSchema, personaNotFound, personaPatchSchema, personaReplaceSchema } from "@chorus/core";
import { createDb, createPersona, deletePersona, findPersona, listPersonas, mergePersona, replacePersona } from "@chorus/db";
import { Hono } from "hono";
import { viewerOf } from "../auth/viewer-of.ts";
import type { GatewayEnv } from "../env.ts";
import { checkPersonaProfile } from "../http/persona-profile.ts";
import { personaListQuery } from "../http/persona-list-query.ts";
import { readJsonBody } from "../http/read-json-body.ts";

/**
 * `/v1/personas` (CONTRACT.md "Personas"), every query scoped by the caller
 * (`viewerOf`: user id and workspace): list, create, and by ref read,
 * replace (PUT), merge (PATCH), delete. Unknown and invisible refs are 404
 * `persona_not_found`; writes to a persona the caller may read but does not
 * own are 403 `persona_read_only`. The ADMIN_TOKEN, which is no user, is refused.
 */
export const personasRoute = new Hono<{ Bindings: GatewayEnv }>()
  .get("/", async (c) => {
    const viewer = viewerOf(c);
    return c.json({ data: await listPersonas(createDb(c.env.DB), viewer, personaListQuery(c)) });
  })
  .post("/", async (c) => {
    const viewer = viewerOf(c);
    const input = await readJsonBody(c, personaInputSchema);
    checkPersonaProfile(c, input.profile);
    return c.json(await createPersona(createDb(c.env.DB), viewer, input), 201);
  })
  .get("/:ref", async (c) => {
    const ref = c.req.param("ref");
    const persona = await findPersona(createDb(c.env.DB), viewerOf(c), ref);
    if (!persona) throw personaNotFound(ref);
    return c.json(persona);
  })
  .put("/:ref", async (c) => {
    const viewer = viewerOf(c);
    const input = await readJsonBody(c, personaReplaceSchema);
    checkPersonaProfile(c, input.profile);
    return c.json(await replacePersona(createDb(c.env.DB), viewer, c.req.param("ref"), input));
  })
  .patch("/:ref", async (c) => {
    const viewer = viewerOf(c);
    const patch = await readJsonBody(c, personaPatchSchema);
    checkPersonaProfile(c, patch.profile);
    return c.json(await mergePersona(createDb(c.env.DB), viewer, c.req.param("ref"), patch));
  })
  .delete("/:ref", async (c) => {
    await deletePersona(createDb(c.env.DB), viewerOf(c), c.req.param("ref"));
    return c.body(null, 204);
  });
