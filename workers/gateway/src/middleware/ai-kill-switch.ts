import { GatewayError } from "@chorus/core";
import type { MiddlewareHandler } from "hono";
import type { GatewayConfig } from "../config/gateway-config.ts";

/** The kill switch's refusal when AI_FEATURES_ENABLED=false, else undefined: the one place that decides it (also read by `GET /v1/me`). */
export function killSwitchRefusal(config: Pick<GatewayConfig, "aiEnabled">): GatewayError | undefined {
  if (config.aiEnabled) return undefined;
  return new GatewayError({ status: 503, code: "ai_disabled", message: "AI features are turned off on this gateway (AI_FEATURES_ENABLED=false)." });
}

/** AI_FEATURES_ENABLED=false: every endpoint that calls a model answers 503 before doing anything. */
export function aiKillSwitch(): MiddlewareHandler {
  return async function aiKillSwitch(c, next) {
    const refusal = killSwitchRefusal(c.get("config"));
    if (refusal) throw refusal;
    await next();
  };
}
