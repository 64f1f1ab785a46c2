import type { ProviderId } from "../chat-types.ts";
import { isOwnKeyProvider, PROVIDER_IDS } from "../provider-catalog.ts";

/**
 * Providers a request may route to once the user's own keys are known: the
 * platform's and those the user holds a key for, in catalogue order (as the
 * gateway's `enabledFor` routes).
 */
export function enabledWithOwnKeys(platform: readonly ProviderId[], own: readonly ProviderId[]): ProviderId[] {
  if (own.every((provider) => platform.includes(provider))) return [...platform];
  return PROVIDER_IDS.filter((provider) => platform.includes(provider) || (own.includes(provider) && isOwnKeyProvider(provider)));
}
