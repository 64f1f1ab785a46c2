import { enabledWithOwnKeys, servingProvider, type ResolveRouteInput } from "@chorus/core";
import type { Context } from "hono";
import type { UserState } from "../durable/user-quota-types.ts";

/**
 * Whether the user's own key serves this request first, resolved as the
 * routes resolve it (chat: model, the user's preference, mode, surface;
 * embeddings: model only), in the isolate, from the user's state. Decides
 * which limits admit it (an own key: no platform limits). Keep in step with
 * `modelChoice` and the routes' `resolveRoute` calls, until the route is
 * resolved once before admission.
 */
export function ownKeyServes(c: Context, purpose: "chat" | "embeddings", model: string | undefined, state: UserState): boolean {
  const config = c.get("config");
  const route: ResolveRouteInput = {
    config: config.profiles, enabled: enabledWithOwnKeys(config.enabled, state.ownKeyProviders), demoAllowed: config.demoAllowed, purpose, model,
  };
  if (purpose === "chat") {
    route.mode = c.req.header("x-chorus-mode");
    route.surface = c.req.header("x-chorus-surface");
    route.preferredModel = state.settings.preferredModel ?? undefined;
  }
  const provider = servingProvider(route);
  return provider !== undefined && state.ownKeyProviders.includes(provider);
}
