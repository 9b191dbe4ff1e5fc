import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { inspectPython } from "../src/inspect/python-inspection";

const here = dirname(fileURLToPath(import.meta.url));
const file = "leak_global_cache.py";
const source = readFileSync(join(here, "../src/examples", file), "utf8");
const lines = source.split("\n");
/** The 1-based line whose text starts with `text` (after indentation), searched from line `from`. */
const lineOf = (text: string, from = 1): number =>
  lines.findIndex((l, i) => i + 1 >= from && l.trim().startsWith(text)) + 1;

describe("the Inspect tab's Python program inspection", () => {
  it("diffs snapshots around the leaky loop: every item, its payload and its weak reference are kept", () => {
    const loop = lineOf("for i in range(1000):");
    const after = lineOf('print("leaky');
    const r = inspectPython({ kind: "python", file, source, lines: [loop, after] }, "cpython-3.11", 64 << 20);
    expect([r.diffFrom, r.diffTo]).toEqual([`when line ${loop} first runs`, `when line ${after} first runs`]);
    const row = (text: string, from = 1) => r.diff.find((d) => d.site === `${file}:${lineOf(text, from)}`);
    // The loop keeps 1,000 of each: `cached_data` holds the items, `refs` their weak references.
    expect(row("it = Item(i)", loop)?.countDiff).toBe(1000);
    expect(row("refs.append(weakref.ref(it))", loop)?.countDiff).toBe(1000);
    expect(row("self.payload")?.countDiff).toBeGreaterThanOrEqual(1000);
    // The two module-level lists existed before the loop: their count is the same, their size grew.
    const refs = row("refs = []")!;
    expect([refs.countDiff, refs.sizeDiff > 0]).toEqual([0, true]);
    // tracemalloc's order: the largest change of size first.
    const changes = r.diff.map((d) => Math.abs(d.sizeDiff));
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
    // At the end the fixed loop has replaced the leak: `refs` holds the second loop's 1,000 weak
    // references, so weakref is the type that grew most and the graph climbs from one to `globals()`.
    expect(r.growth[0]?.type).toBe("weakref");
    expect(r.chain).toMatch(/^globals\(\) -> dict \['refs'\] -> list \[\d+\] -> weakref$/);
    const start = r.backrefs.nodes.filter((n) => n.start);
    expect(start.map((n) => n.typeName)).toEqual(["weakref"]);
    expect(r.backrefs.nodes.some((n) => n.rootName === "globals()")).toBe(true);
    expect(r.output).toContain("leaky: alive 1000");
    expect(r.heapSnapshot.startsWith("{")).toBe(true);
  });

  it("says so when a chosen line never runs, and refuses a program with a syntax error in one line", () => {
    const blank = lines.findIndex((l) => l.trim() === "") + 1;
    const r = inspectPython({ kind: "python", file, source, lines: [blank, null] }, "refcount", 64 << 20);
    expect(r.diff).toEqual([]);
    expect(r.verdict).toBe(`No snapshot diff: line ${blank} never ran.`);
    expect(() =>
      inspectPython(
        { kind: "python", file: "bad.py", source: "print((\n", lines: [1, null] },
        "refcount",
        64 << 20,
      ),
    ).toThrow(/bad\.py/);
  });
});
