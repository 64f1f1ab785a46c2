import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      /** Read from `migrations/` by vitest.config.ts. */
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
