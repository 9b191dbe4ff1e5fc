import { defineConfig, type Options } from "tsup";

/**
 * The one build every package shares: ESM + CJS + declarations from `src/index.ts`.
 * Workspace dependencies stay external (tsup externalises `dependencies`).
 */
export function packageBuild(entry: string[] = ["src/index.ts"], extra: Partial<Options> = {}) {
  return defineConfig({
    entry,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    treeshake: true,
    ...extra,
  });
}
