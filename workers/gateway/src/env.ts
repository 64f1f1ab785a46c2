import type { Breaker } from "./durable/breaker.ts";
import type { Idempotency } from "./durable/idempotency.ts";
import type { SemanticCache } from "./durable/semantic-cache.ts";
import type { UserQuota } from "./durable/user-quota.ts";

/** The Worker's bindings: resources from wrangler.toml, and every variable and secret by name. */
export interface GatewayEnv {
  DB: D1Database;
  CACHE: KVNamespace;
  BREAKER: DurableObjectNamespace<Breaker>;
  IDEMPOTENCY: DurableObjectNamespace<Idempotency>;
  SEMANTIC_CACHE: DurableObjectNamespace<SemanticCache>;
  USER_QUOTA: DurableObjectNamespace<UserQuota>;
  [variable: string]: unknown;
}
