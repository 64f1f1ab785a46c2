import { isProviderId, type ProviderId } from "@chorus/core";
import { createDb } from "@chorus/db";
import { Hono } from "hono";
import * as z from "zod";
import { keyringFor } from "../crypto/keyring-for.ts";
import { rotateOwnKeys } from "../crypto/rotate-own-keys.ts";
import type { GatewayEnv } from "../env.ts";
import { readJsonBody } from "../http/read-json-body.ts";

export const rotateBody = z.strictObject({
  /** The previous answer's `next`; absent or null starts from the first row. */
  after: z.strictObject({
    userId: z.string().min(1),
    provider: z.custom<ProviderId>((value) => typeof value === "string" && isProviderId(value), "must be a provider id"),
  }).nullish(),
  /**
   * Rows per call (default 40). Each costs a D1 query plus two per call, and
   * an invocation may make 50 on the free plan, 1000 on paid ones.
   */
  limit: z.number().int().min(1).max(500).optional(),
});

/**
 * `POST /admin/keys/rotate {after?, limit?}` (admin only): re-seals the next
 * page of own keys that are not on KEY_ENCRYPTION_KEY's version and reports
 * it (`RotationReport`); `scripts/rotate-keys.mjs` calls it until `next` is
 * null. Keys never leave the Worker.
 */
export const adminKeysRotate = new Hono<{ Bindings: GatewayEnv }>().post("/", async (c) => {
  const empty = c.req.raw.body === null || c.req.header("content-length") === "0";
  const body = empty ? {} : await readJsonBody(c, rotateBody);
  const options = { after: body.after ?? null, ...(body.limit === undefined ? {} : { limit: body.limit }) };
  return c.json(await rotateOwnKeys(createDb(c.env.DB), await keyringFor(c.env), options));
});
