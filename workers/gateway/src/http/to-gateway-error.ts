import { GatewayError, RouteFailure, UpstreamError } from "@chorus/core";
import { HTTPException } from "hono/http-exception";
import { ConfigError } from "../config/config-error.ts";
import { OwnKeyRejected } from "../upstream/own-key-rejected.ts";

/**
 * Every thrown thing as the error the client sees, and what the operator's
 * log should say of it. Known errors keep their meaning; anything else
 * becomes a generic 500 whose details stay in the log.
 */
export function toGatewayError(error: unknown): { error: GatewayError; log?: string } {
  if (error instanceof GatewayError) return { error };
  if (error instanceof RouteFailure && error.last instanceof OwnKeyRejected) return { error: error.last.toGatewayError() };
  if (error instanceof RouteFailure) return { error: error.toGatewayError() };
  if (error instanceof UpstreamError) return { error: new RouteFailure({ attempts: [], fallbacks: [], last: error }).toGatewayError() };
  if (error instanceof ConfigError) {
    return { error: new GatewayError({ status: 500, code: "configuration_error", message: `Chorus is misconfigured: ${error.message}` }), log: error.message };
  }
  if (error instanceof HTTPException) {
    return { error: new GatewayError({ status: error.status, code: error.status === 413 ? "request_too_large" : "invalid_request", message: error.message || "Invalid request" }) };
  }
  const log = error instanceof Error ? error.stack ?? String(error) : String(error);
  return { error: new GatewayError({ status: 500, code: "internal_error", message: "Chorus hit an internal error; the request id identifies it in the logs." }), log };
}
