import { GatewayError } from "@chorus/core";
import { utcDay, type DayRange } from "@chorus/db";
import type { Context } from "hono";

const DAY_MS = 86_400_000;
/** Default window: the last 30 days, today (UTC) included. */
const DEFAULT_DAYS = 30;
/** Longest window one request may scan: a year, leap day included. */
const MAX_DAYS = 366;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function invalid(param: string, message: string): GatewayError {
  return new GatewayError({ status: 400, code: "invalid_request", param, message });
}

function day(c: Context, name: "from" | "to"): string | undefined {
  const value = c.req.query(name);
  if (value === undefined || value === "") return undefined;
  // A string compare against stored days would quietly accept "2026-5-1" or "2026-02-30"; a real date round-trips.
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || utcDay(new Date(`${value}T00:00:00Z`)) !== value) {
    throw invalid(name, `Invalid '${name}': must be a UTC day as YYYY-MM-DD.`);
  }
  return value;
}

/**
 * `?from=YYYY-MM-DD&to=YYYY-MM-DD` (inclusive UTC days) of the usage
 * endpoints. Missing `to` is today; missing `from` is 29 days before `to`.
 * 400 naming the parameter for a malformed day, `from` after `to`, or a
 * window over 366 days.
 */
export function dayRangeQuery(c: Context, now: Date = new Date()): DayRange {
  const to = day(c, "to") ?? utcDay(now);
  const from = day(c, "from") ?? utcDay(new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * DAY_MS));
  if (from > to) throw invalid("from", `Invalid 'from': ${from} is after 'to' (${to}).`);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days > MAX_DAYS) throw invalid("from", `The range spans ${days} days; ask for at most ${MAX_DAYS} at a time.`);
  return { from, to };
}
