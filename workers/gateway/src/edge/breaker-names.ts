import type { ProviderId } from "@chorus/core";

/** The provider-wide circuit: one Breaker object per provider. */
export function providerBreakerName(provider: ProviderId): string {
  return `provider:${provider}`;
}

/** One key's cooldown (429s, a rejected key): one Breaker object per provider and key fingerprint. */
export function keyBreakerName(provider: ProviderId, fingerprint: string): string {
  return `key:${provider}:${fingerprint}`;
}
