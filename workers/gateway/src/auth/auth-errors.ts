import { GatewayError } from "@chorus/core";

// RFC 6750: a 401 names the scheme, and says `invalid_token` when one was presented and refused.
const CHALLENGE = 'Bearer realm="chorus"';

export function authRequired(message = "Authentication required: send Authorization: Bearer <token or API key>."): GatewayError {
  return new GatewayError({ status: 401, code: "auth_required", message, headers: { "www-authenticate": CHALLENGE } });
}

/** The message must never contain the presented credential. */
export function invalidToken(message: string): GatewayError {
  return new GatewayError({
    status: 401,
    code: "invalid_token",
    message,
    headers: { "www-authenticate": `${CHALLENGE}, error="invalid_token"` },
  });
}

export function forbidden(message: string): GatewayError {
  return new GatewayError({ status: 403, code: "forbidden", message });
}

/** The identity provider's keys could not be fetched: the caller is not at fault and may retry. */
export function authUnavailable(): GatewayError {
  return new GatewayError({
    status: 503,
    code: "auth_unavailable",
    message: "Tokens cannot be verified right now (the identity provider's signing keys are unreachable); try again shortly.",
    retryAfterSeconds: 5,
  });
}
