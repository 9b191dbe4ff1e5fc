import { defineConfig } from "vite";

// Workspace packages resolve to their TypeScript sources through the `@heaplab/source` export
// condition, so the dashboard runs the same code as the tests without a build.
const conditions = ["@heaplab/source", "module", "browser", "import", "default"];

export default defineConfig({
  root: import.meta.dirname,
  resolve: { conditions },
  worker: { format: "es" },
  server: { port: 5174, strictPort: false, fs: { allow: ["../.."] } },
  build: { target: "es2022", outDir: "dist" },
});
