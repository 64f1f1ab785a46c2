/** `x-chorus-cache`: how the cache took part in an answer. */
export type CacheStatus = "hit" | "semantic-hit" | "miss" | "bypass";

declare module "hono" {
  interface ContextVariableMap {
    /**
     * Set on every chat request once the cache was asked. Usage metering reads
     * it: a `hit` or `semantic-hit` counts as a request with 0 tokens and 0
     * cost, marked cached, whatever `usage` the replayed answer carries.
     */
    cacheStatus: CacheStatus;
  }
}
