import { readSetting } from "@chorus/core";
import type { GatewayVariable, GatewayVariables } from "../env.ts";
import { ConfigError } from "./config-error.ts";

/**
 * Where the plans' requests-per-minute are counted: in the user's `UserQuota`
 * object (default), or in Upstash Redis through `@upstash/ratelimit`
 * (`RATE_LIMIT_BACKEND=upstash`). The exact quotas stay in the object either way.
 */
export type RateLimitConfig =
  | { backend: "object" }
  | { backend: "upstash"; url: string; token: string };

function required(env: GatewayVariables, name: GatewayVariable): string {
  const value = readSetting(env, name);
  if (value === undefined) throw new ConfigError(`${name} must be set when RATE_LIMIT_BACKEND=upstash`);
  return value;
}

export function readRateLimit(env: GatewayVariables): RateLimitConfig {
  const raw = String(env.RATE_LIMIT_BACKEND ?? "").trim().toLowerCase();
  if (raw === "" || raw === "object") return { backend: "object" };
  if (raw !== "upstash") throw new ConfigError(`RATE_LIMIT_BACKEND must be "object" or "upstash", got ${JSON.stringify(env.RATE_LIMIT_BACKEND)}`);
  const url = required(env, "UPSTASH_REDIS_REST_URL");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`UPSTASH_REDIS_REST_URL must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigError(`UPSTASH_REDIS_REST_URL must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
  return { backend: "upstash", url: url.replace(/\/+$/, ""), token: required(env, "UPSTASH_REDIS_REST_TOKEN") };
}
