import { applyD1Migrations, env } from "cloudflare:test";

// Every workers test file starts on a D1 with the real migrations; already-applied ones are skipped.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
