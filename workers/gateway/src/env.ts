/** The Worker's bindings: resources from wrangler.toml, and every variable and secret by name. */
export interface GatewayEnv {
  DB: D1Database;
  CACHE: KVNamespace;
  [variable: string]: unknown;
}
