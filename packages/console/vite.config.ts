import { defineConfig } from "vite";

// Preact's automatic JSX runtime through Vite's own transform: no Babel preset for a small app.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  resolve: { alias: { react: "preact/compat", "react-dom": "preact/compat" } },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
