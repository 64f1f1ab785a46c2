// Chorus's callers: JWTs signed HS256 with AUTH_JWT_SECRET, as CONTRACT.md's
// dev/test auth accepts, for verified users on the top plan, so requests go
// through the normal auth path and none is held to the sample tier.
//
// Many users, not one: Chorus keeps state per user (quotas, a sliding rate
// window) and limits each user's rate. Real traffic at these rates comes from
// many users; one user would be refused (429) and would pile every request on
// a single user's state.
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

/** A fresh secret for the Worker's AUTH_JWT_SECRET and one token it signs per user. */
export function callerCredentials() {
  const secret = randomBytes(32).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: "HS256", typ: "JWT" });
  const tokens = Array.from({ length: CALLER_COUNT }, (_, i) => {
    const unsigned = `${header}.${base64url({ sub: `bench-user-${i}`, email_verified: true, plan: "premium", iat: now, exp: now + TOKEN_LIFETIME_S })}`;
    return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
  });
  return { secret, tokens };
}
