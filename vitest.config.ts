import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          include: ["packages/*/src/**/*.test.ts", "test/providers/**/*.test.ts", "test/fakes/**/*.test.ts"],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
