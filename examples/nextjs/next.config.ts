import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

// @chorus/build is linked from the repository (file:../../packages/build) and ships TypeScript source,
// so the bundler's root is the repository and the package is compiled like the app's own code.
const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));

const nextConfig: NextConfig = {
  // A fixed build id: two builds with nothing changed write byte-identical HTML and RSC files.
  generateBuildId: async () => "chorus-example",
  transpilePackages: ["@chorus/build"],
  turbopack: { root: repositoryRoot },
  outputFileTracingRoot: repositoryRoot,
  poweredByHeader: false,
};

export default nextConfig;
