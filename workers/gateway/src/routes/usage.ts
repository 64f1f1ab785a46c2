import { createDb, usageByDay } from "@chorus/db";
import { Hono } from "hono";
import { actingUserId } from "../auth/acting-user-id.ts";
import type { GatewayEnv } from "../env.ts";
import { dayRangeQuery } from "../http/day-range-query.ts";

/**
 * `GET /v1/usage?from&to`: the caller's own usage per UTC day (default the
 * last 30 days): `{days: [{date, requests, cachedRequests, ownKeyRequests, fallbackRequests,
 * tokensIn, tokensOut, costUsd, estimated}]}`. Days without requests are absent.
 */
export const usage = new Hono<{ Bindings: GatewayEnv }>().get("/", async (c) => {
  const userId = actingUserId(c);
  return c.json(await usageByDay(createDb(c.env.DB), userId, dayRangeQuery(c)));
});
