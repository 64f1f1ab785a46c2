/** What the Upstash tests get through `inject("upstash")` (test/redis/upstash-global-setup.ts). */
export type UpstashTarget = { url: string; token: string; version: string } | { missing: string };

declare module "vitest" {
  export interface ProvidedContext {
    upstash: UpstashTarget;
  }
}
