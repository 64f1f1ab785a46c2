import { PERSONA_LIMITS } from "./persona-schema.ts";

/**
 * A persona key from a display name ("Seraphina Moonwhisper" ->
 * "seraphina-moonwhisper"): accents dropped, anything else that is not a
 * letter or digit becomes one '-'. `undefined` when nothing usable is left
 * (a name in a script without Latin letters): the caller must name the key.
 */
export function slugPersonaKey(name: string): string | undefined {
  const slug = name.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+/, "").slice(0, 64).replace(/-+$/, "");
  return PERSONA_LIMITS.keyPattern.test(slug) ? slug : undefined;
}
