import { GatewayError } from "@chorus/core";

/** 1-255 printable ASCII characters, as most APIs that take the header accept. */
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;

/** The `Idempotency-Key` header's value, undefined when absent; 400 `invalid_idempotency_key` when malformed. */
export function readIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (VALID_KEY.test(header)) return header;
  throw new GatewayError({
    status: 400, code: "invalid_idempotency_key",
    message: "The Idempotency-Key header must be 1-255 printable ASCII characters.",
  });
}
