import { createDb, listOwnKeys } from "@chorus/db";
import type { GatewayEnv } from "../env.ts";
import { quotaLeasesFor } from "../quota/quota-leases.ts";

/**
 * Tells the user's `UserQuota` object (and this isolate) which providers
 * they now hold a key for, so their next request routes with it without
 * reading D1. The list is read back from D1 rather than patched, so the
 * object ends up with what is stored whatever it held before. Awaited by
 * the route: a user who stores a key and then chats must be served with it.
 */
export async function syncOwnKeyProviders(env: GatewayEnv, userId: string): Promise<void> {
  const providers = (await listOwnKeys(createDb(env.DB), userId)).map((key) => key.provider);
  await quotaLeasesFor(env.USER_QUOTA).setOwnKeyProviders(userId, providers);
}
