import { defineConfig } from "drizzle-kit";

// `drizzle-kit generate` writes `migrations/NNNN_name.sql`, the folder and naming
// `wrangler d1 migrations apply` reads (wrangler.toml `migrations_dir`); drizzle's
// own `meta/` snapshots sit beside them and wrangler ignores that folder.
export default defineConfig({
  dialect: "sqlite",
  schema: "./packages/db/src/schema/*.ts",
  out: "./migrations",
  migrations: { prefix: "index" },
});
