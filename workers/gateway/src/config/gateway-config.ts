import {
  demoAllowed, enabledProviders, parseProfilesConfig,
  type BreakerPolicy, type PlanLimits, type ProfilesConfig, type ProviderId, type RetryPolicy, type Timeouts,
} from "@chorus/core";
import bundledProfiles from "../../../../config/llm-profiles.json" with { type: "json" };
import type { Plan } from "../auth/principal.ts";
import type { GatewayVariables } from "../env.ts";
import { ConfigError } from "./config-error.ts";
import { readNumber } from "./read-number.ts";
import { readPlanLimits } from "./read-plan-limits.ts";
import { readRateLimit, type RateLimitConfig } from "./read-rate-limit.ts";

export interface GatewayConfig {
  profiles: ProfilesConfig;
  enabled: ProviderId[];
  demoAllowed: boolean;
  timeouts: Timeouts;
  retry: RetryPolicy;
  maxBodyBytes: number;
  corsOrigins: ReadonlySet<string>;
  aiEnabled: boolean;
  cache: CacheConfig;
  breaker: BreakerPolicy;
  /** Per plan: requests per minute and tokens per day (config/plans.json or PLAN_LIMITS). */
  plans: Record<Plan, PlanLimits>;
  rateLimit: RateLimitConfig;
  /** `GUARDRAIL_PENALTY_MS`: how long a provider whose answer broke a feature's rails ranks last for that feature. */
  guardrailPenaltyMs: number;
}

export interface CacheConfig {
  /** `CACHE_TTL_SECONDS`: TTL when neither header, feature nor profile sets one; 0 = not cached. */
  ttlSeconds: number;
  /** False with `CACHE_DEFAULT=off`: then only an explicit TTL (header, feature, profile) caches. */
  onByDefault: boolean;
}

function readCacheDefault(env: GatewayVariables): boolean {
  const raw = String(env.CACHE_DEFAULT ?? "on").trim().toLowerCase();
  if (raw !== "on" && raw !== "off" && raw !== "") throw new ConfigError(`CACHE_DEFAULT must be "on" or "off", got ${JSON.stringify(env.CACHE_DEFAULT)}`);
  return raw !== "off";
}

function readProfiles(env: GatewayVariables): ProfilesConfig {
  const override = env.LLM_PROFILES;
  if (typeof override !== "string" || override.trim() === "") return parseProfilesConfig(bundledProfiles);
  let json: unknown;
  try {
    json = JSON.parse(override);
  } catch (error) {
    throw new ConfigError(`LLM_PROFILES is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return parseProfilesConfig(json);
  } catch (error) {
    throw new ConfigError(`LLM_PROFILES: ${(error as Error).message}`);
  }
}

/** Slack on a probe's lease past the request deadline: its outcome is reported just after the response. */
const PROBE_LEASE_GRACE_MS = 5_000;

function readBreakerPolicy(env: GatewayVariables): BreakerPolicy {
  return {
    threshold: readNumber(env, "CIRCUIT_BREAKER_THRESHOLD", 5),
    windowMs: readNumber(env, "CIRCUIT_BREAKER_WINDOW_MS", 60_000),
    resetMs: readNumber(env, "CIRCUIT_BREAKER_RESET_MS", 60_000),
    leaseMs: readNumber(env, "REQUEST_DEADLINE_MS", 120_000) + PROBE_LEASE_GRACE_MS,
  };
}

export function buildGatewayConfig(env: GatewayVariables): GatewayConfig {
  const origins = typeof env.CORS_ORIGINS === "string" ? env.CORS_ORIGINS.split(",") : [];
  return {
    profiles: readProfiles(env),
    enabled: enabledProviders(env),
    demoAllowed: demoAllowed(env),
    timeouts: {
      upstreamMs: readNumber(env, "UPSTREAM_TIMEOUT_MS", 60_000),
      firstTokenMs: readNumber(env, "FIRST_TOKEN_TIMEOUT_MS", 15_000),
      streamIdleMs: readNumber(env, "STREAM_IDLE_TIMEOUT_MS", 30_000),
      deadlineMs: readNumber(env, "REQUEST_DEADLINE_MS", 120_000),
    },
    retry: {
      attemptsPerCandidate: readNumber(env, "RETRY_ATTEMPTS", 2),
      baseDelayMs: readNumber(env, "RETRY_BASE_DELAY_MS", 250),
      maxDelayMs: readNumber(env, "RETRY_MAX_DELAY_MS", 4_000),
    },
    maxBodyBytes: readNumber(env, "MAX_BODY_BYTES", 1_048_576),
    corsOrigins: new Set(origins.map((origin) => origin.trim()).filter(Boolean)),
    aiEnabled: String(env.AI_FEATURES_ENABLED ?? "true").toLowerCase() !== "false",
    cache: { ttlSeconds: readNumber(env, "CACHE_TTL_SECONDS", 3600, 0), onByDefault: readCacheDefault(env) },
    breaker: readBreakerPolicy(env),
    plans: readPlanLimits(env),
    rateLimit: readRateLimit(env),
    guardrailPenaltyMs: readNumber(env, "GUARDRAIL_PENALTY_MS", 600_000, 0),
  };
}

const cache = new WeakMap<object, GatewayConfig>();

/** Parsed once per isolate and bindings object: the hot path pays nothing for it. */
export function gatewayConfig(env: GatewayVariables): GatewayConfig {
  let config = cache.get(env);
  if (!config) {
    config = buildGatewayConfig(env);
    cache.set(env, config);
  }
  return config;
}
