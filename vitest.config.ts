import { existsSync, readdirSync } from "node:fs";
import { defineConfig } from "vitest/config";

// One root config; every package and app with a `test/` folder is a project.
const conditions = ["@heaplab/source", "module", "node", "import", "default", "development"];
const projects = ["packages", "apps"].flatMap((dir) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => existsSync(`${dir}/${name}/test`))
        .map((name) => ({
          extends: true as const,
          test: {
            name,
            root: `${dir}/${name}`,
            include: ["test/**/*.test.ts"],
          },
        }))
    : [],
);

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@heaplab/source"] } },
  test: {
    projects,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The JSON report feeds `scripts/test-summary.mjs`, the one-line count that ends `.ci/run`.
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
  },
});
