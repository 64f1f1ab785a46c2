import { GatewayError, PERSONA_LIMITS } from "@chorus/core";
import type { PersonaFilter } from "@chorus/db";
import type { Context } from "hono";

function term(c: Context, name: "tag" | "q"): string | undefined {
  const value = c.req.query(name)?.trim();
  if (value === undefined || value === "") return undefined;
  if (value.length > PERSONA_LIMITS.entryChars) {
    throw new GatewayError({ status: 400, code: "invalid_request", param: name, message: `Invalid '${name}': at most ${PERSONA_LIMITS.entryChars} characters.` });
  }
  return value;
}

/** `GET /v1/personas?tag=&q=`: empty values filter nothing. */
export function personaListQuery(c: Context): PersonaFilter {
  return { tag: term(c, "tag"), q: term(c, "q") };
}
