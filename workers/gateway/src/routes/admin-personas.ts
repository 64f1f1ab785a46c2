import { personaInputSchema, personaPatchSchema, personaReplaceSchema } from "@chorus/core";
import {
  adminCreateSystemPersona, adminDeleteSystemPersona, adminGetSystemPersona, adminListSystemPersonas, adminMergeSystemPersona, adminReplaceSystemPersona, createDb,
} from "@chorus/db";
import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";
import { checkPersonaProfile } from "../http/persona-profile.ts";
import { readJsonBody } from "../http/read-json-body.ts";

/**
 * `/admin/personas` (admin only): the system personas, in the shapes of
 * `/v1/personas`, addressed by key. `GET` lists them (`{data}`), `POST`
 * creates one (409 `persona_exists`), `GET/PUT/PATCH/DELETE /{key}` read,
 * replace, merge and remove one (404 `persona_not_found`).
 */
export const adminPersonas = new Hono<{ Bindings: GatewayEnv }>()
  .get("/", async (c) => c.json({ data: await adminListSystemPersonas(createDb(c.env.DB)) }))
  .post("/", async (c) => {
    const input = await readJsonBody(c, personaInputSchema);
    checkPersonaProfile(c, input.profile);
    return c.json(await adminCreateSystemPersona(createDb(c.env.DB), input), 201);
  })
  .get("/:key", async (c) => c.json(await adminGetSystemPersona(createDb(c.env.DB), c.req.param("key"))))
  .put("/:key", async (c) => {
    const input = await readJsonBody(c, personaReplaceSchema);
    checkPersonaProfile(c, input.profile);
    return c.json(await adminReplaceSystemPersona(createDb(c.env.DB), c.req.param("key"), input));
  })
  .patch("/:key", async (c) => {
    const patch = await readJsonBody(c, personaPatchSchema);
    checkPersonaProfile(c, patch.profile);
    return c.json(await adminMergeSystemPersona(createDb(c.env.DB), c.req.param("key"), patch));
  })
  .delete("/:key", async (c) => {
    await adminDeleteSystemPersona(createDb(c.env.DB), c.req.param("key"));
    return c.body(null, 204);
  });
