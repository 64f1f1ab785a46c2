// Chorus's caller: a JWT signed HS256 with AUTH_JWT_SECRET, as CONTRACT.md's
// dev/test auth accepts, for a verified user on the top plan, so requests go
// through the normal auth path and none is held to the sample tier.
import { createHmac, randomBytes } from "node:crypto";

const TOKEN_LIFETIME_S = 3600;

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A fresh secret for the Worker's AUTH_JWT_SECRET and a token it signs. */
export function callerCredentials() {
  const secret = randomBytes(32).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: "bench-user", email_verified: true, plan: "premium", iat: now, exp: now + TOKEN_LIFETIME_S };
  const unsigned = `${base64url({ alg: "HS256", typ: "JWT" })}.${base64url(claims)}`;
  return { secret, token: `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}` };
}
