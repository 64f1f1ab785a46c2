// The gateway with layers left out, for the benchmark's baseline rows, built
// from the same parts as the deployed app (`gatewayParts`, `assembleApp`):
// the core alone, the core with the edge state of issue 3 (breakers, health,
// response cache, idempotency), the core with the identity layer of issue 4
// (auth, tiers and quotas, usage metering). Production never runs this file.
import { DEFAULT_SETTINGS } from "../packages/db/src/queries/user-settings-types.ts";
import type { Principal } from "../workers/gateway/src/auth/principal.ts";
import { assembleApp, gatewayParts, type AppParts } from "../workers/gateway/src/create-app.ts";
import type { UserStateSource } from "../workers/gateway/src/request/open-scope.ts";
import type { SelectRoute } from "../workers/gateway/src/request/route-tracker.ts";
import { admission } from "../workers/gateway/src/stages/admission.ts";
import { idempotency } from "../workers/gateway/src/stages/idempotency.ts";
import { meterUsage } from "../workers/gateway/src/stages/meter-usage.ts";
import { responseCache } from "../workers/gateway/src/stages/response-cache.ts";
import { routeChat } from "../workers/gateway/src/stages/route-chat.ts";
import { routeEmbeddings } from "../workers/gateway/src/stages/route-embeddings.ts";
import { RouteHealth } from "../workers/gateway/src/edge/route-health.ts";

/** The caller when identity is left out: a verified user with no settings and no own keys. */
export const OPEN_PRINCIPAL: Principal = {
  userId: "open", tier: "verified", plan: "premium", role: undefined, emailVerified: true, credential: "jwt",
};

const openAccess: AppParts["access"][number] = async (c, next) => {
  c.set("principal", OPEN_PRINCIPAL);
  await next();
};

const noUserState: UserStateSource = async () => ({ settings: { ...DEFAULT_SETTINGS, favoriteModels: [] }, ownKeyProviders: [] });

/** No breakers or health: the plan routed as resolved, nothing reported. */
const asResolved: SelectRoute = async (scope) => ({
  plan: scope.plan, profile: undefined,
  track: (routing) => routing,
  finish: () => undefined,
});
const withHealth: SelectRoute = (scope, keys) => RouteHealth.select(scope, scope.plan, scope.purpose, keys);

function variant(parts: Partial<AppParts>): AppParts {
  return { ...gatewayParts(), access: [openAccess], userState: noUserState, ...parts };
}

export const VARIANT_PARTS: Record<string, () => AppParts> = {
  core: () => variant({ chat: [routeChat(asResolved)], embeddings: [routeEmbeddings(asResolved)] }),
  edge: () => variant({ chat: [idempotency, responseCache, routeChat(withHealth)], embeddings: [idempotency, routeEmbeddings(withHealth)] }),
  identity: () => ({ ...gatewayParts(), chat: [admission, meterUsage, routeChat(asResolved)], embeddings: [admission, meterUsage, routeEmbeddings(asResolved)] }),
};

export function variantApp(name: string) {
  const parts = VARIANT_PARTS[name];
  if (!parts) throw new Error(`BENCH_VARIANT must be one of ${[...Object.keys(VARIANT_PARTS), "sdk"].join(", ")}`);
  return assembleApp(parts());
}
