import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// Workspace packages resolve to their TypeScript sources through the `@heaplab/source` export
// condition, so the lab runs the same code as the tests without a build.
const conditions = ["@heaplab/source", "module", "browser", "import", "default"];

export default defineConfig({
  root: import.meta.dirname,
  resolve: {
    conditions,
    // @heaplab/inspect's file writer is Node-only; the browser build gets a stub (src/inspect/no-fs.ts).
    alias: { "node:fs": fileURLToPath(new URL("./src/inspect/no-fs.ts", import.meta.url)) },
  },
  worker: { format: "es" },
  server: { port: 5174, strictPort: false, fs: { allow: ["../.."] } },
  // The main chunk is ≈ 650 KB (≈ 215 KB gzipped): CodeMirror, uPlot and the strategy catalog the
  // controls list. dagre loads on first use; each Worker is its own chunk.
  build: { target: "es2022", outDir: "dist", chunkSizeWarningLimit: 700 },
});
