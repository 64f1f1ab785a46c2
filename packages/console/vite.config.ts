import { defaultClientConditions, defineConfig } from "vite";

// Preact's automatic JSX runtime through Vite's own transform: no Babel preset for a small app.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  // The workspace's packages from source (`@chorus/source` in their exports): a fresh clone has no built `dist` of the SDK.
  resolve: { alias: { react: "preact/compat", "react-dom": "preact/compat" }, conditions: ["@chorus/source", ...defaultClientConditions] },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
