import { systemClock, type RouteOptions } from "@chorus/core";
import type { GatewayConfig } from "../config/gateway-config.ts";

/** The router's options for one request: real time, real randomness, the configured limits. */
export function routeOptions(config: GatewayConfig, signal: AbortSignal): RouteOptions {
  return { clock: systemClock, random: Math.random, timeouts: config.timeouts, retry: config.retry, signal };
}
