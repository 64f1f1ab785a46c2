import type { ProviderId } from "../chat-types.ts";
import { GatewayError } from "../gateway-error.ts";
import type { ProfileSet, ProfilesConfig } from "../profiles-config.ts";
import { isOwnKeyProvider, PROVIDER_IDS } from "../provider-catalog.ts";
import { resolveRoute, type ResolveRouteInput } from "../resolve-route.ts";

/**
 * What `resolveRoute` needs to know which provider serves a request first,
 * minus what only the user's `UserQuota` object knows (the preference and
 * the own-key providers): plain data, so the gateway sends it with its one
 * `admit` call and the object decides there whether the user's own key
 * serves (no platform limits) without a second round trip. The object runs
 * the very same `resolveRoute`, so the two cannot disagree.
 */
export interface ServingHint {
  /** The request's resolution input; `config` cut down by `routingSkeleton`. */
  route: Omit<ResolveRouteInput, "preferredModel" | "enabled">;
  /** Providers the platform's own keys enable. */
  platform: ProviderId[];
  /** Whether the route lets the user's `preferredModel` decide (chat does; embeddings do not). */
  withPreference: boolean;
}

type Table = Pick<ProfileSet, "defaultProfile" | "profiles">;

function skeletonOf(table: Table): Table {
  const profiles = Object.fromEntries(Object.entries(table.profiles).map(([name, profile]) => {
    const providers = [...new Set(profile.candidates.map((candidate) => candidate.provider))];
    return [name, { candidates: providers.map((provider) => ({ provider, model: "" })) }];
  }));
  return { defaultProfile: table.defaultProfile, profiles };
}

/**
 * The profiles config as far as "which provider first" goes: the tables
 * the purpose resolves through, candidates reduced to distinct providers, no
 * models or policies. Depends only on the config: keep one per config.
 */
export function routingSkeleton(config: ProfilesConfig, purpose: "chat" | "embeddings" = "chat"): ProfilesConfig {
  if (purpose === "embeddings") {
    // Embeddings may name a profile from `profiles` too (resolveRoute).
    return { ...skeletonOf(config), ...(config.embeddings && { embeddings: skeletonOf(config.embeddings) }) };
  }
  return { ...skeletonOf(config), ...(config.modes && { modes: config.modes }), ...(config.surfaces && { surfaces: config.surfaces }) };
}

/**
 * Providers a request may route to once the user's own keys are known: the
 * platform's and those the user holds a key for, in catalogue order (as the
 * gateway's `enabledFor` routes).
 */
export function enabledWithOwnKeys(platform: readonly ProviderId[], own: readonly ProviderId[]): ProviderId[] {
  if (own.every((provider) => platform.includes(provider))) return [...platform];
  return PROVIDER_IDS.filter((provider) => platform.includes(provider) || (own.includes(provider) && isOwnKeyProvider(provider)));
}

export interface UserRouting {
  preferredModel: string | null | undefined;
  ownKeyProviders: readonly ProviderId[];
}

/** The provider that serves first, as the route will resolve it; undefined when resolution fails (the route answers that error). */
export function servingProvider(hint: ServingHint, user: UserRouting): ProviderId | undefined {
  try {
    const enabled = enabledWithOwnKeys(hint.platform, user.ownKeyProviders);
    const preferredModel = hint.withPreference ? user.preferredModel ?? undefined : undefined;
    return resolveRoute({ ...hint.route, enabled, preferredModel }).candidates[0]?.provider;
  } catch (error) {
    if (error instanceof GatewayError) return undefined;
    throw error;
  }
}
