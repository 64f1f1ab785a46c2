import { GatewayError } from "@chorus/core";
import { adminCreateApiKey, adminListApiKeys, adminRevokeApiKey, createDb } from "@chorus/db";
import { Hono } from "hono";
import * as z from "zod";
import type { ApiKeyCache } from "../auth/api-key-cache.ts";
import type { GatewayEnv } from "../env.ts";
import { readJsonBody } from "../http/read-json-body.ts";

// The same rule as a JWT's `sub` (principal-from-claims.ts): the key acts as exactly that user.
const userId = z.string().min(1).max(255).regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters");

export const createApiKeyBody = z.strictObject({
  userId,
  name: z.string().trim().min(1).max(100).regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters"),
});

/**
 * `/admin/api-keys` (admin only): `POST {userId, name}` -> 201 with the key,
 * shown this once; `GET [?userId=]` -> `{apiKeys: [...]}` without keys or
 * hashes; `DELETE /{id}` revokes (204; 404 for an unknown id) and drops the
 * key from this isolate's auth cache at once (others within its TTL).
 */
export function adminApiKeys(apiKeyCache: ApiKeyCache): Hono<{ Bindings: GatewayEnv }> {
  return new Hono<{ Bindings: GatewayEnv }>()
    .post("/", async (c) => {
      const body = await readJsonBody(c, createApiKeyBody);
      return c.json(await adminCreateApiKey(createDb(c.env.DB), body), 201);
    })
    .get("/", async (c) => {
      const filter = c.req.query("userId");
      return c.json({ apiKeys: await adminListApiKeys(createDb(c.env.DB), filter === undefined ? {} : { userId: filter }) });
    })
    .delete("/:id", async (c) => {
      const id = c.req.param("id");
      if (!(await adminRevokeApiKey(createDb(c.env.DB), id))) {
        throw new GatewayError({ status: 404, code: "not_found", message: "No API key has that id." });
      }
      apiKeyCache.forget(id);
      return c.body(null, 204);
    });
}
