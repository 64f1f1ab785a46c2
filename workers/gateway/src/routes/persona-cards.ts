import {
  cardToPersona, characterCardSchema, GatewayError, personaInputSchema, personaKeySchema, personaNotFound, personaToCard, slugPersonaKey,
} from "@chorus/core";
import { createDb, createPersona, findPersona } from "@chorus/db";
import { Hono, type Context } from "hono";
import * as z from "zod";
import { viewerOf } from "../auth/viewer-of.ts";
import type { GatewayEnv } from "../env.ts";
import { readJson, validateBody } from "../http/read-json-body.ts";

const keyQuery = z.object({ key: personaKeySchema });

/** `?key=` when given (400 naming `key` when it is no slug), else the card's name slugged. */
function importKey(c: Context, name: string): string {
  const given = c.req.query("key");
  if (given !== undefined) return validateBody(keyQuery, { key: given }).key;
  const slug = slugPersonaKey(name);
  if (slug === undefined) {
    throw new GatewayError({
      status: 400,
      code: "invalid_request",
      param: "key",
      message: `Invalid 'key': no key can be made from the name ${JSON.stringify(name)}; pass one as ?key=.`,
    });
  }
  return slug;
}

/**
 * Character Card V2/V3 in and out (CONTRACT.md "Personas"):
 * `POST /v1/personas/import[?key=]` -> 201 a new private persona of the
 * caller's; `GET /v1/personas/{ref}/export` -> the persona as a V2 card.
 */
export const personaCardsRoute = new Hono<{ Bindings: GatewayEnv }>()
  .post("/import", async (c) => {
    const viewer = viewerOf(c);
    const card = validateBody(characterCardSchema, await readJson(c));
    const input = validateBody(personaInputSchema, cardToPersona(card, importKey(c, card.data.name)));
    return c.json(await createPersona(createDb(c.env.DB), viewer, input), 201);
  })
  .get("/:ref/export", async (c) => {
    const ref = c.req.param("ref");
    const persona = await findPersona(createDb(c.env.DB), viewerOf(c), ref);
    if (!persona) throw personaNotFound(ref);
    c.header("content-disposition", `attachment; filename="${persona.key}.json"`);
    return c.json(personaToCard(persona));
  });
