import type { PromptSplit } from "./prompt-schema.ts";

/** FNV-1a over UTF-16 code units, then murmur3's finaliser so that near keys land far apart. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * The version a weighted split gives this user for this template: a hash of
 * (user id, name) placed on the weights, so the same user always gets the
 * same version while the split stands, and users spread by the weights.
 */
export function chooseSplitVersion(split: PromptSplit, userId: string, name: string): number {
  const entries = Object.entries(split).map(([version, weight]) => [Number(version), weight] as const).sort(([a], [b]) => a - b);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let point = hash32(`${userId}\u0000${name}`) % total;
  for (const [version, weight] of entries) {
    if (point < weight) return version;
    point -= weight;
  }
  return entries.at(-1)![0];
}
