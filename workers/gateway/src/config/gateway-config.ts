import {
  demoAllowed, enabledProviders, parseProfilesConfig,
  type EnvLookup, type ProfilesConfig, type ProviderId, type RetryPolicy, type Timeouts,
} from "@chorus/core";
import bundledProfiles from "../../../../config/llm-profiles.json" with { type: "json" };
import { ConfigError } from "./config-error.ts";
import { readNumber } from "./read-number.ts";

export interface GatewayConfig {
  profiles: ProfilesConfig;
  enabled: ProviderId[];
  demoAllowed: boolean;
  timeouts: Timeouts;
  retry: RetryPolicy;
  maxBodyBytes: number;
  corsOrigins: ReadonlySet<string>;
  aiEnabled: boolean;
}

function readProfiles(env: EnvLookup): ProfilesConfig {
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

export function buildGatewayConfig(env: EnvLookup): GatewayConfig {
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
  };
}

const cache = new WeakMap<object, GatewayConfig>();

/** Parsed once per isolate and bindings object: the hot path pays nothing for it. */
export function gatewayConfig(env: EnvLookup): GatewayConfig {
  let config = cache.get(env);
  if (!config) {
    config = buildGatewayConfig(env);
    cache.set(env, config);
  }
  return config;
}
