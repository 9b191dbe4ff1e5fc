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

/** A folder's package name, from its manifest. */
const nameOf = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string }).name;

/**
 * ARCHITECTURE.md's "Packages and allowed dependencies" table, read from the document itself so the
 * two cannot drift: package name → the heaplab packages its row allows (`every package` allows all).
 */
function allowedByArchitecture(): Map<string, Set<string> | "every"> {
  const doc = readFileSync(join(ROOT, "ARCHITECTURE.md"), "utf8");
  const section = doc.split("## Packages and allowed dependencies")[1]?.split("\n## ")[0] ?? "";
  const rows = new Map<string, Set<string> | "every">();
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const pkg = /^`(@heaplab\/[a-z-]+)`/.exec(cells[1] ?? "")?.[1];
    if (pkg === undefined || cells[2] === undefined) continue;
    const allows = cells[2].replace(/\bnever\b.*$/, "");
    rows.set(
      pkg,
      allows.startsWith("every package")
        ? "every"
        : new Set([
            ...[...allows.matchAll(/`(@heaplab\/[a-z-]+)`/g)].map((m) => m[1]!),
            ...(/\bthe allocators\b/.test(allows)
              ? ["@heaplab/raw-allocator", "@heaplab/object-allocator"]
              : []),
          ]),
    );
  }
  return rows;
}

describe("the dependency rules", () => {
  const packages = readdirSync(PACKAGES).filter((p) => statSync(join(PACKAGES, p, "src")).isDirectory());
  const table = allowedByArchitecture();
  const folders = [
    ...packages.map((p) => join(PACKAGES, p)),
    ...readdirSync(join(ROOT, "apps")).map((a) => join(ROOT, "apps", a)),
  ].filter((d) => statSync(join(d, "src"), { throwIfNoEntry: false })?.isDirectory() === true);

  it("the table in ARCHITECTURE.md names every package and app", () => {
    expect(folders.map(nameOf).filter((n) => !table.has(n))).toEqual([]);
  });

  it.each(folders.map((d) => [nameOf(d), d] as const))(
    "%s imports only the heaplab packages ARCHITECTURE.md allows it",
    (name, dir) => {
      const allowed = table.get(name);
      const used = new Set(
        sources(join(dir, "src"))
          .flatMap(importsOf)
          .filter((m) => m.startsWith("@heaplab/"))
          .map((m) => m.split("/").slice(0, 2).join("/")),
      );
      const forbidden = [...used].filter((m) => m !== name && allowed !== "every" && !allowed?.has(m));
      expect(forbidden).toEqual([]);
    },
  );

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
    // It reaches refcount's building blocks through `@heaplab/refcount/internals` only, and that entry
    // point leaves the strategy out.
    for (const file of sources(join(PACKAGES, "generational/src"))) {
      const fromRefcount = importsOf(file).filter((m) => m.includes("refcount"));
      expect(
        fromRefcount.filter((m) => m !== "@heaplab/refcount/internals"),
        file,
      ).toEqual([]);
    }
    expect(importsOf(join(PACKAGES, "refcount/src/internals.ts"))).not.toContain("./refcount-strategy");
  });

  it.each(["runtime", "trace", "workloads", "compare", "catalog"])(
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
