import type { MiddlewareHandler } from "hono";
import type { GatewayEnv } from "../env.ts";
import { gatewayConfig, type GatewayConfig } from "../config/gateway-config.ts";
import { ALL_FEATURES, type GatewayFeatures } from "../gateway-features.ts";

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
    config: GatewayConfig;
  }
}

/** First middleware: a request id on every response (errors too) and the parsed config and the app's features on the context. */
export function requestContext(features: GatewayFeatures = ALL_FEATURES): MiddlewareHandler<{ Bindings: GatewayEnv }> {
  return async function requestContext(c, next) {
    const requestId = crypto.randomUUID();
    c.set("requestId", requestId);
    c.set("config", gatewayConfig(c.env));
    c.set("features", features);
    await next();
    // After the fact, on whatever answered: routes, errors and preflights alike.
    c.res.headers.set("x-chorus-request-id", requestId);
  };
}
