import { GatewayError } from "@chorus/core";
import type { MiddlewareHandler } from "hono";

/** AI_FEATURES_ENABLED=false: every endpoint that calls a model answers 503 before doing anything. */
export function aiKillSwitch(): MiddlewareHandler {
  return async function aiKillSwitch(c, next) {
    if (!c.get("config").aiEnabled) {
      throw new GatewayError({ status: 503, code: "ai_disabled", message: "AI features are turned off on this gateway (AI_FEATURES_ENABLED=false)." });
    }
    await next();
  };
}
