import { routingSkeleton, type ProfilesConfig, type ServingHint } from "@chorus/core";
import type { Context } from "hono";

type Purpose = "chat" | "embeddings";

const skeletons = new WeakMap<ProfilesConfig, Partial<Record<Purpose, ProfilesConfig>>>();

function skeleton(config: ProfilesConfig, purpose: Purpose): ProfilesConfig {
  let entry = skeletons.get(config);
  if (!entry) skeletons.set(config, (entry = {}));
  return (entry[purpose] ??= routingSkeleton(config, purpose));
}

/**
 * How this request will resolve, as the routes resolve it (chat: model, the
 * user's preference, mode, surface; embeddings: model only), for `admit` to
 * decide whether the user's own key serves it. Keep in step with
 * `modelChoice` and the routes' `resolveRoute` calls.
 */
export function servingHintFor(c: Context, purpose: Purpose, model: string | undefined): ServingHint {
  const config = c.get("config");
  const route: ServingHint["route"] = { config: skeleton(config.profiles, purpose), demoAllowed: config.demoAllowed, purpose, model };
  if (purpose === "chat") {
    route.mode = c.req.header("x-chorus-mode");
    route.surface = c.req.header("x-chorus-surface");
  }
  return { route, platform: config.enabled, withPreference: purpose === "chat" };
}
