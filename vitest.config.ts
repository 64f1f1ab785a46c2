import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { startAllFakes } from "./test/fakes/start-all-fakes.ts";
import { startJwksFake } from "./test/fakes/jwks-fake.ts";

// Fake upstreams are real HTTP servers in this (Node) process; Workers tests reach them over loopback.
const fakes = await startAllFakes();
const jwks = await startJwksFake();

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          include: ["packages/*/src/**/*.test.ts", "test/providers/**/*.test.ts", "test/fakes/**/*.test.ts", "test/build/**/*.test.ts"],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                ...fakes.env,
                FAKE_OPENAI_URL: fakes.openai.url,
                FAKE_ANTHROPIC_URL: fakes.anthropic.url,
                FAKE_GOOGLE_URL: fakes.google.url,
                FAKE_JWKS_URL: jwks.url,
                RETRY_BASE_DELAY_MS: "5",
                RETRY_MAX_DELAY_MS: "20",
                CORS_ORIGINS: "https://app.example.com",
                // Generous plan limits: the shared default test user must never meet a quota in tests about something else.
                // Quota tests override PLAN_LIMITS per request with small numbers.
                PLAN_LIMITS: JSON.stringify({
                  free: { requestsPerMinute: 100_000, tokensPerDay: 1_000_000_000 },
                  pro: { requestsPerMinute: 100_000, tokensPerDay: 1_000_000_000 },
                  premium: { requestsPerMinute: 100_000, tokensPerDay: 1_000_000_000 },
                }),
                // Test-only secrets; test/workers/gateway-client.ts signs its users' tokens with the first.
                AUTH_JWT_SECRET: "test-secret-for-hs256-tokens-0123456789abcdef",
                ADMIN_TOKEN: "test-admin-token-0123456789abcdef0123456789",
                KEY_ENCRYPTION_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                // The same files wrangler applies; test/workers/db/apply-migrations.ts runs them on the test D1.
                TEST_MIGRATIONS: await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url))),
              },
            },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
          // One workerd runner for all files, one file at a time: starting a runner per file cost minutes.
          // Files share storage, so the setup file closes every circuit before each file.
          isolate: false,
          fileParallelism: false,
          setupFiles: ["./test/workers/db/apply-migrations.ts"],
          // A real Redis behind an Upstash-REST server for RATE_LIMIT_BACKEND=upstash (test/workers/quota/upstash-backend.test.ts).
          globalSetup: ["./test/redis/upstash-global-setup.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          // @upstash/ratelimit against a real Redis (Debian's redis-server) behind an Upstash-REST server;
          // without redis-server it is skipped with a notice, or fails when CI is set (test/redis/upstash-global-setup.ts).
          name: "redis",
          environment: "node",
          include: ["test/redis/**/*.test.ts"],
          globalSetup: ["./test/redis/upstash-global-setup.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["test/e2e/**/*.test.ts"],
          // The served gateway serves the web console at /.
          globalSetup: ["./test/browser/build-console-global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // The web console in Debian's Chromium (playwright-core, no downloaded browser) against the served gateway;
          // without Chromium it is skipped with a notice, or fails when CI is set (test/browser/console.test.ts).
          name: "browser",
          environment: "node",
          include: ["test/browser/**/*.test.ts"],
          globalSetup: ["./test/browser/build-console-global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
