import type { GatewayEnv } from "../env.ts";

/** The object that holds one key of one caller; JSON keeps scope and key apart whatever characters they hold. */
export function idempotencyObject(env: GatewayEnv, scope: string, key: string) {
  return env.IDEMPOTENCY.get(env.IDEMPOTENCY.idFromName(JSON.stringify([scope, key])));
}
