import { GatewayError } from "@chorus/core";
import type { MiddlewareHandler } from "hono";
import { bodyLimit as honoBodyLimit } from "hono/body-limit";

/** 413 in OpenAI's shape for bodies over MAX_BODY_BYTES, checked as the body streams in. */
export function bodyLimit(maxBytes: (c: Parameters<MiddlewareHandler>[0]) => number): MiddlewareHandler {
  return async function bodyLimit(c, next) {
    const limit = maxBytes(c);
    return honoBodyLimit({
      maxSize: limit,
      onError: () => {
        throw new GatewayError({ status: 413, code: "request_too_large", message: `Request body is larger than ${limit} bytes (MAX_BODY_BYTES).` });
      },
    })(c, next);
  };
}
