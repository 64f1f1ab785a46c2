import { enabledWithOwnKeys, GatewayError, resolveRoute } from "@chorus/core";
import { createDb, getSettings, updateSettings } from "@chorus/db";
import { Hono, type Context } from "hono";
import { actingUserId } from "../auth/acting-user-id.ts";
import type { GatewayEnv } from "../env.ts";
import { readJsonBody } from "../http/read-json-body.ts";
import { settingsPatchSchema } from "../http/settings-patch-schema.ts";
import { quotaLeasesFor } from "../quota/quota-leases.ts";

type Env = { Bindings: GatewayEnv };

/**
 * A preference must name something the chain can use now, with the user's
 * own keys (a stored one that later stops resolving is skipped by `resolveRoute`).
 */
async function checkPreferredModel(c: Context<Env>, userId: string, model: string): Promise<void> {
  const config = c.get("config");
  const { ownKeyProviders } = await quotaLeasesFor(c.env.USER_QUOTA).userState(userId);
  try {
    resolveRoute({ model, config: config.profiles, enabled: enabledWithOwnKeys(config.enabled, ownKeyProviders), demoAllowed: config.demoAllowed });
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    throw new GatewayError({ status: 400, code: "invalid_request", param: "preferredModel", message: `Invalid 'preferredModel': ${error.message}` });
  }
}

/**
 * `GET /v1/settings` and `PUT /v1/settings` (merge), always the caller's own
 * (`actingUserId`). D1 holds the settings; after a write the caller's
 * `UserQuota` object and this isolate get them too (`QuotaLeases`), so the
 * next request routes and limits by them without reading D1.
 */
export const settings = new Hono<Env>()
  .get("/", async (c) => c.json(await getSettings(createDb(c.env.DB), actingUserId(c))))
  .put("/", async (c) => {
    const userId = actingUserId(c);
    const patch = await readJsonBody(c, settingsPatchSchema);
    if (typeof patch.preferredModel === "string") await checkPreferredModel(c, userId, patch.preferredModel);
    const merged = await updateSettings(createDb(c.env.DB), userId, patch);
    await quotaLeasesFor(c.env.USER_QUOTA).updateSettings(userId, merged);
    return c.json(merged);
  });
