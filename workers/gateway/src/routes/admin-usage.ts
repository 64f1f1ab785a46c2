import { GatewayError } from "@chorus/core";
import { adminUsage, createDb, type AdminUsageRow } from "@chorus/db";
import { Hono } from "hono";
import type { GatewayEnv } from "../env.ts";
import { toCsv } from "../http/csv.ts";
import { dayRangeQuery } from "../http/day-range-query.ts";
import { rollUp, totalOf } from "../metering/usage-rollup.ts";

const CSV_HEADER = [
  "user_id", "plan", "provider", "requests", "cached_requests", "own_key_requests",
  "tokens_in", "tokens_out", "cached_tokens", "cost_usd", "estimated",
  // Added later: last, so readers of the earlier columns by position still read them.
  "fallback_requests",
] as const;

function csvRecord(row: AdminUsageRow): (string | number | boolean | null)[] {
  return [
    row.userId, row.plan, row.provider, row.requests, row.cachedRequests, row.ownKeyRequests,
    row.tokensIn, row.tokensOut, row.cachedTokens, row.costUsd, row.estimated, row.fallbackRequests,
  ];
}

/** A user never seen with a JWT has no recorded plan. */
const planOf = (row: AdminUsageRow) => row.plan ?? "unknown";

/**
 * `GET /admin/usage?from&to&format` (admin only; default the last 30 days):
 * every user's usage per provider (`rows`), and the same summed per user,
 * per plan (the user's current plan) and per provider, with a total.
 * `format=csv`: the per-user-and-provider rows as RFC 4180 CSV with a header.
 */
export const adminUsageRoute = new Hono<{ Bindings: GatewayEnv }>().get("/", async (c) => {
  const format = c.req.query("format") ?? "json";
  if (format !== "json" && format !== "csv") {
    throw new GatewayError({ status: 400, code: "invalid_request", param: "format", message: "Invalid 'format': use json or csv." });
  }
  const range = dayRangeQuery(c);
  const rows = await adminUsage(createDb(c.env.DB), range);
  if (format === "csv") {
    return c.body(toCsv(CSV_HEADER, rows.map(csvRecord)), 200, {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="chorus-usage-${range.from}-to-${range.to}.csv"`,
    });
  }
  return c.json({
    ...range,
    total: totalOf(rows),
    users: rollUp(rows, (row) => ({ key: row.userId, label: { userId: row.userId, plan: row.plan } })),
    plans: rollUp(rows, (row) => ({ key: planOf(row), label: { plan: planOf(row) } })),
    providers: rollUp(rows, (row) => ({ key: row.provider, label: { provider: row.provider } })),
    rows,
  });
});
