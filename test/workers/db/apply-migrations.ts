import { applyD1Migrations, env } from "cloudflare:test";
import { beforeAll } from "vitest";
import { resetBreakers } from "../breaker-helpers.ts";

// Every workers test file starts on a D1 with the real migrations; already-applied ones are skipped.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Files run one after another on shared storage (vitest.config.ts): none inherits circuits another opened.
beforeAll(resetBreakers);
