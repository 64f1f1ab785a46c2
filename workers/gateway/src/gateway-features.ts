import type { Principal } from "./auth/principal.ts";

/**
 * The layers `createApp` can leave out, so a benchmark can measure the core
 * gateway alone and what each layer adds on its hot path (bench/). A deployed
 * Chorus always runs with every layer (`ALL_FEATURES`).
 */
export interface GatewayFeatures {
  /** Auth, tiers and quotas (`UserQuota`), usage and cost. Off: every caller is `OPEN_PRINCIPAL`, nothing is metered. */
  identity: boolean;
  /** Circuit breakers and provider health, the response cache, idempotency. Off: the resolved plan is routed as it is. */
  edgeState: boolean;
}

export const ALL_FEATURES: GatewayFeatures = { identity: true, edgeState: true };

/** The caller when identity is off: a verified user with no settings and no own keys. */
export const OPEN_PRINCIPAL: Principal = {
  userId: "open", tier: "verified", plan: "premium", role: undefined, emailVerified: true, credential: "jwt",
};

declare module "hono" {
  interface ContextVariableMap {
    /** The layers this app was built with (`createApp`). */
    features: GatewayFeatures;
  }
}
