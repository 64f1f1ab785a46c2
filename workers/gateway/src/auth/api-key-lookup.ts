import type { Context } from "hono";
import type { GatewayEnv } from "../env.ts";

/** One stored API key as the auth middleware needs it; the D1 row maps onto this. */
export interface ApiKeyRecord {
  id: string;
  userId: string;
  /** The owning user's plan; unknown or missing values mean `free`. */
  plan?: string | null;
  revoked: boolean;
}

/**
 * Finds a key by the SHA-256 hex of the presented key (`hashApiKey` of @chorus/db);
 * `undefined` when no key has that hash. The context gives access to `c.env.DB`.
 */
export type ApiKeyLookup = (hash: string, c: Context<{ Bindings: GatewayEnv }>) => Promise<ApiKeyRecord | undefined>;
