// Chorus's callers: JWTs signed HS256 with AUTH_JWT_SECRET, as CONTRACT.md's
// dev/test auth accepts, for verified users on the top plan, so requests go
// through the normal auth path and none is held to the sample tier.
//
// Many users for most rows: Chorus keeps state per user (quotas, a sliding
// rate window) and limits each user's rate, and much traffic at these rates
// comes from many users. One more user is the busy caller: a backend calling
// with one credential, every request on one user's state (its Worker's plan
// limits are raised so that none applies).
import { createHmac, randomBytes } from "node:crypto";

export const CALLER_COUNT = 512;
/**
 * The callers of the concurrency-1 phases: few enough that each comes back
 * every couple of seconds, as an active user does, so their Durable Objects
 * stay in memory (workerd evicts an object idle for about 10 s). The others
 * stay idle meanwhile: their first request afterwards is the cold path.
 */
export const WARM_CALLER_COUNT = 64;
const TOKEN_LIFETIME_S = 3600;

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A fresh secret for the Workers' AUTH_JWT_SECRET, one token it signs per user, and the busy caller's. */
export function callerCredentials() {
  const secret = randomBytes(32).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: "HS256", typ: "JWT" });
  const tokenFor = (sub) => {
    const unsigned = `${header}.${base64url({ sub, email_verified: true, plan: "premium", iat: now, exp: now + TOKEN_LIFETIME_S })}`;
    return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
  };
  return { secret, tokens: Array.from({ length: CALLER_COUNT }, (_, i) => tokenFor(`bench-user-${i}`)), busyToken: tokenFor("bench-busy-caller") };
}
