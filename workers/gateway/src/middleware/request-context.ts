import type { MiddlewareHandler } from "hono";
import type { GatewayEnv } from "../env.ts";
import { gatewayConfig, type GatewayConfig } from "../config/gateway-config.ts";

declare module "hono" {
  interface ContextVariableMap {
    requestId: string;
    config: GatewayConfig;
  }
}

/** First middleware: a request id on every response (errors too) and the parsed config on the context. */
export function requestContext(): MiddlewareHandler<{ Bindings: GatewayEnv }> {
  return async function requestContext(c, next) {
    const requestId = crypto.randomUUID();
    c.set("requestId", requestId);
    c.set("config", gatewayConfig(c.env));
    await next();
    // After the fact, on whatever answered: routes, errors and preflights alike.
    c.res.headers.set("x-chorus-request-id", requestId);
  };
}
