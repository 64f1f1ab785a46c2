/** What the Upstash tests get through `inject("upstash")` (test/redis/upstash-global-setup.ts). */
export type UpstashTarget =
  | {
    /** UPSTASH_REDIS_REST_URL: Redis as Upstash answers (test/redis/script-flag-proxy.ts). */
    url: string;
    /** The REST server without the proxy: Redis as open-source Redis answers. */
    serverUrl: string;
    token: string;
    version: string;
  }
  | { missing: string };

declare module "vitest" {
  export interface ProvidedContext {
    upstash: UpstashTarget;
  }
}
