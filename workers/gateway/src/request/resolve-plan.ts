import { enabledWithOwnKeys, isOwnKeyProvider, resolveRoute, type ProfilesConfig, type RoutePlan } from "@chorus/core";
import type { Principal } from "../auth/principal.ts";
import type { GatewayConfig } from "../config/gateway-config.ts";
import type { UserState } from "../durable/user-quota-types.ts";
import type { Purpose } from "./request-scope.ts";
import type { RequestHints } from "./request-hints.ts";

/** The profile that serves the sample tier (CONTRACT.md). */
export const SAMPLE_PROFILE = "cheap";

export interface PlanInput {
  purpose: Purpose;
  principal: Principal;
  config: GatewayConfig;
  user: UserState;
  hints: RequestHints;
  /** The body's `model`. */
  model: string | undefined;
  /** The profile the request's persona pins. */
  persona?: { ref: string; profile: string };
  /** The body asks for `response_format` json_schema. */
  structured: boolean;
}

/** The sample tier's model: `cheap`, or the default profile where the table has no `cheap`. */
function sampleModel(table: Pick<ProfilesConfig, "profiles" | "defaultProfile"> | undefined): string | undefined {
  if (!table) return undefined;
  return Object.hasOwn(table.profiles, SAMPLE_PROFILE) ? SAMPLE_PROFILE : table.defaultProfile;
}

/**
 * The one resolution of a request's route, before admission: the model
 * field, the user's preference (chat), the mode and surface pins (chat), the
 * default; over the providers the platform enables plus those the user
 * brings a key for. The sample tier is served by `cheap` whatever it asked.
 */
export function resolvePlan(input: PlanInput): RoutePlan {
  const { config, purpose, user } = input;
  const ownKeyProviders = user.ownKeyProviders.filter((provider) => isOwnKeyProvider(provider));
  const common = { config: config.profiles, enabled: enabledWithOwnKeys(config.enabled, ownKeyProviders), demoAllowed: config.demoAllowed, purpose };
  if (input.principal.tier === "sample") {
    const table = purpose === "chat" ? config.profiles : config.profiles.embeddings;
    return resolveRoute({ ...common, model: sampleModel(table) });
  }
  if (purpose === "embeddings") return resolveRoute({ ...common, model: input.model });
  return resolveRoute({
    ...common, model: input.model, preferredModel: user.settings.preferredModel ?? undefined, persona: input.persona,
    mode: input.hints.mode, surface: input.hints.surface, structured: input.structured,
  });
}
