import type { ProviderId } from "../chat-types.ts";
import { GatewayError } from "../gateway-error.ts";
import { resolveRoute, type ResolveRouteInput } from "../resolve-route.ts";

/**
 * The provider that serves a request first, as `resolveRoute` resolves it;
 * undefined when resolution fails (the route answers that error itself).
 */
export function servingProvider(route: ResolveRouteInput): ProviderId | undefined {
  try {
    return resolveRoute(route).candidates[0]?.provider;
  } catch (error) {
    if (error instanceof GatewayError) return undefined;
    throw error;
  }
}
