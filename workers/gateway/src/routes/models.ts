import { enabledWithOwnKeys, GatewayError, PROVIDERS, resolveRoute, type ProviderId } from "@chorus/core";
import { Hono, type Context } from "hono";
import type { UserState } from "../durable/user-quota-types.ts";
import type { GatewayEnv } from "../env.ts";
import { quotaLeasesFor } from "../quota/quota-leases.ts";

type Env = { Bindings: GatewayEnv };

interface ModelEntry {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
  /** Chorus's addition: one of the caller's `favoriteModels` (listed first, in the caller's order). */
  favorite?: true;
}

function entry(id: string): ModelEntry {
  return { id, object: "model", created: 0, owned_by: id.includes("/") ? id.slice(0, id.indexOf("/")) : "chorus" };
}

/** The caller's settings and own keys (`QuotaLeases`); none for the admin token, or when their object cannot answer. */
async function userStateOf(c: Context<Env>): Promise<UserState | undefined> {
  const principal = c.get("principal");
  if (principal.credential === "admin_token") return undefined;
  try {
    return await quotaLeasesFor(c.env.USER_QUOTA).userState(principal.userId);
  } catch (error) {
    console.warn(JSON.stringify({ requestId: c.get("requestId"), warning: "models: user state unavailable", error: error instanceof Error ? error.message : String(error) }));
    return undefined;
  }
}

function usable(c: Context<Env>, id: string, enabled: ProviderId[]): boolean {
  try {
    resolveRoute({ model: id, config: c.get("config").profiles, enabled, demoAllowed: c.get("config").demoAllowed });
    return true;
  } catch (error) {
    if (error instanceof GatewayError) return false;
    throw error;
  }
}

/**
 * The caller's favourites first (those that resolve now, marked
 * `favorite: true`), then the profiles, then the concrete `provider/model`
 * ids the caller may address directly, own-key providers included.
 */
export const models = new Hono<Env>().get("/", async (c) => {
  const { profiles, demoAllowed } = c.get("config");
  const state = await userStateOf(c);
  const enabled = enabledWithOwnKeys(c.get("config").enabled, state?.ownKeyProviders ?? []);
  const ids = new Set<string>(Object.keys(profiles.profiles));
  for (const profile of Object.values(profiles.profiles)) {
    for (const candidate of profile.candidates) {
      if (enabled.includes(candidate.provider)) ids.add(`${candidate.provider}/${candidate.model}`);
    }
  }
  for (const provider of enabled) for (const model of PROVIDERS[provider].models) ids.add(`${provider}/${model}`);
  if (demoAllowed) for (const model of PROVIDERS.demo.models) ids.add(`demo/${model}`);
  const favorites = [...new Set(state?.settings.favoriteModels ?? [])].filter((id) => usable(c, id, enabled));
  const data = [
    ...favorites.map((id): ModelEntry => ({ ...entry(id), favorite: true })),
    ...[...ids].filter((id) => !favorites.includes(id)).map(entry),
  ];
  return c.json({ object: "list", data });
});
