import type { Context } from "hono";

/** The profile that serves the sample tier (CONTRACT.md). */
export const SAMPLE_PROFILE = "cheap";

export interface ModelChoice {
  model?: string;
  preferredModel?: string;
}

/**
 * The model fields a route passes to `resolveRoute` for this caller. The
 * sample tier is served by the `cheap` profile whatever it asked for (the
 * default profile when the profiles define no `cheap`, e.g. the embeddings
 * set), never by a mode or surface pin. For chat, a verified user's stored
 * `preferredModel` follows an explicit `model` in the chain. Keep in step
 * with `ownKeyServes`.
 */
export function modelChoice(c: Context, requested: string | undefined, purpose: "chat" | "embeddings" = "chat"): ModelChoice {
  if (c.get("principal")?.tier === "sample") {
    const table = purpose === "chat" ? c.get("config").profiles : c.get("config").profiles.embeddings;
    if (!table) return {};
    return { model: Object.hasOwn(table.profiles, SAMPLE_PROFILE) ? SAMPLE_PROFILE : table.defaultProfile };
  }
  if (purpose === "embeddings") return { model: requested };
  return { model: requested, preferredModel: c.get("userState")?.settings.preferredModel ?? undefined };
}
