import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `npm run test:nextjs`: installs and builds examples/nextjs several times, minutes of work kept out of `npm test`.
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    name: "nextjs",
    environment: "node",
    include: ["test/nextjs/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
