import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/** ARCHITECTURE.md's dependency rules, checked on the source. */
const ROOT = resolve(__dirname, "../../..");
const PACKAGES = join(ROOT, "packages");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const importsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/^(?:import|export)[^"']*from\s+["']([^"']+)["']/gm)].map(
    (m) => m[1]!,
  );

describe("the dependency rules", () => {
  const packages = readdirSync(PACKAGES).filter((p) => statSync(join(PACKAGES, p, "src")).isDirectory());

  it.each(packages)("%s imports only the heaplab packages it declares", (pkg) => {
    const manifest = JSON.parse(readFileSync(join(PACKAGES, pkg, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    const declared = new Set(Object.keys(manifest.dependencies ?? {}));
    const used = new Set(
      sources(join(PACKAGES, pkg, "src"))
        .flatMap(importsOf)
        .filter((m) => m.startsWith("@heaplab/")),
    );
    expect([...used].filter((m) => !declared.has(m.split("/").slice(0, 2).join("/")))).toEqual([]);
  });

  it("no tracing plan imports another plan", () => {
    const plans = join(PACKAGES, "tracing/src/plans");
    for (const plan of readdirSync(plans)) {
      for (const file of sources(join(plans, plan))) {
        const foreign = importsOf(file).filter(
          (m) => /\.\.\/(?!\.\.)[^/]+\/?/.test(m) && !m.startsWith("../../"),
        );
        expect(foreign, file).toEqual([]);
      }
    }
  });

  it("the generational package never imports the refcount strategy", () => {
    for (const file of sources(join(PACKAGES, "generational/src"))) {
      expect(
        importsOf(file).some((m) => m.includes("refcount-strategy")),
        file,
      ).toBe(false);
    }
  });

  it.each(["runtime", "trace", "workloads", "compare"])(
    "%s loads in a browser: no node: imports in its source",
    (pkg) => {
      // The dashboard runs these packages in a Web Worker; a named import from a node: module fails there
      // at link time.
      const nodeImports = sources(join(PACKAGES, pkg, "src")).flatMap((f) =>
        importsOf(f)
          .filter((m) => m.startsWith("node:"))
          .map((m) => `${f}: ${m}`),
      );
      expect(nodeImports).toEqual([]);
    },
  );
});
