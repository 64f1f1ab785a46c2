import { GatewayError } from "@chorus/core";
import type { MiddlewareHandler } from "hono";
import { bodyLimit as honoBodyLimit } from "hono/body-limit";

/**
 * 413 in OpenAI's shape for bodies over MAX_BODY_BYTES. A declared length is
 * checked from the header (the runtime reads no more than it declares); a
 * body of unknown length is counted as it streams in.
 */
export function bodyLimit(maxBytes: (c: Parameters<MiddlewareHandler>[0]) => number): MiddlewareHandler {
  return async function bodyLimit(c, next) {
    const limit = maxBytes(c);
    const tooLarge = () => {
      throw new GatewayError({ status: 413, code: "request_too_large", message: `Request body is larger than ${limit} bytes (MAX_BODY_BYTES).` });
    };
    const declared = c.req.header("content-length");
    if (declared !== undefined && c.req.header("transfer-encoding") === undefined) return Number(declared) > limit ? tooLarge() : next();
    return honoBodyLimit({ maxSize: limit, onError: tooLarge })(c, next);
  };
}
