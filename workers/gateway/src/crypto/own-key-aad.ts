import type { ProviderId } from "@chorus/core";

/**
 * Additional authenticated data binding a sealed key to its row: a ciphertext
 * copied to another user or provider fails authentication. Provider ids have
 * no ":", so the pair is unambiguous whatever the user id holds.
 */
export function ownKeyAad(userId: string, provider: ProviderId): Uint8Array {
  return new TextEncoder().encode(`${userId}:${provider}`);
}
