import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { heaplab } from "./cli-process";

/** Writes `source` as `name` in a new temporary directory and returns its path. */
function program(name: string, source: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "heaplab-inspect-")), name);
  writeFileSync(file, source);
  return file;
}

/** The 1-based number of the line of `source` that contains `text`. */
function lineOf(source: string, text: string): number {
  const i = source.split("\n").findIndex((l) => l.includes(text));
  expect(i).toBeGreaterThanOrEqual(0);
  return i + 1;
}

/** The rows of one report section: the lines after `title`, up to the next empty line. */
function section(stdout: string, title: string): string[] {
  const lines = stdout.split("\n");
  const start = lines.indexOf(title);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf("", start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

// A leak through a global list of closures: each handler's cell keeps a list of SIZE items alive.
const HANDLERS = 120;
const SIZE = 200;
const LEAK = [
  "handlers = []",
  "",
  "def make_handler(i):",
  `    data = [i] * ${SIZE}`,
  "    def handler():",
  "        return len(data)",
  "    return handler",
  "",
  `for i in range(${HANDLERS}):`,
  "    handlers.append(make_handler(i))",
  "print('handlers:', len(handlers))",
  "",
].join("\n");

describe("heaplab inspect FILE.py", () => {
  it("names the program's line that allocated most and the chain that keeps the leak alive", () => {
    const file = program("leak.py", LEAK);
    const r = heaplab(["inspect", file]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // the program's own output comes first, then the report after its rule
    expect(
      r.stdout.startsWith(`handlers: ${HANDLERS}\n\n=== heaplab inspect: ${file} under cpython-3.11`),
    ).toBe(true);
    const sites = section(r.stdout, "Top allocation sites (tracemalloc, lineno):");
    const alloc = lineOf(LEAK, `[i] * ${SIZE}`);
    expect(sites[0]).toMatch(
      new RegExp(`^  ${file}:${alloc} .* ${HANDLERS} objects  data = \\[i\\] \\* ${SIZE}$`),
    );
    const growth = section(r.stdout, "Growth since the program's first line (objgraph):");
    const list = growth.find((l) => l.startsWith("  list: "));
    expect(Number(/\(\+(\d+)\)/.exec(list!)![1])).toBeGreaterThanOrEqual(HANDLERS);
    const newest = HANDLERS - 1;
    expect(growth).toContain(
      `newest list kept alive by: globals() -> dict ['handlers'] -> list [${newest}] -> function .__closure__ -> tuple [0] -> cell .cell_contents -> list`,
    );
    expect(growth).toContain(`  in Python: handlers[${newest}].__closure__[0].cell_contents`);
    expect(section(r.stdout, "Summary of the live heap (Pympler):")[2]).toMatch(/^ +list \| +\d+ \|/);
  });

  it("reports what reference counting alone holds after the program dropped its cycles", () => {
    const pairs = 30;
    const src = `class Node:\n    pass\n\nfor i in range(${pairs}):\n    a = Node()\n    b = Node()\n    a.other = b\n    b.other = a\ndel a, b\n`;
    const r = heaplab(["inspect", "--strategy", "refcount", program("cycles.py", src)]);
    expect(r.status).toBe(0);
    const held = section(r.stdout, "Held but unreachable (leak finder):");
    expect(held[0]).toMatch(new RegExp(`^refcount leaked ${2 * pairs} objects .*reference cycles`));
    expect(held.some((l) => l.startsWith(`  Node: ${2 * pairs} (`))).toBe(true);
    // the same program under the cycle collector: nothing is left behind
    const gc = heaplab(["inspect", program("cycles.py", src)]);
    expect(section(gc.stdout, "Held but unreachable (leak finder):")).toEqual([
      "  cpython-3.11 holds nothing the program no longer reaches",
    ]);
  });

  it("answers a missing file, refused syntax and a runtime exception each in its own way, never with a JS stack", () => {
    const missing = heaplab(["inspect", join(tmpdir(), "heaplab-no-such-dir", "nope.py")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/cannot read/);

    const bad = program("bad.py", "x = 1\nprint(2j)\n");
    const syntax = heaplab(["inspect", bad]);
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toBe(`${bad}:2:7: a complex literal is not supported\n`);
    expect(syntax.stdout).toBe("");

    const src = "keep = [[0] * 10 for _ in range(4)]\ndef f(d):\n    return d['k']\nf({})\n";
    const boom = program("boom.py", src);
    const r = heaplab(["inspect", boom]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Traceback \(most recent call last\):\n/);
    expect(r.stderr.trim().split("\n").at(-1)).toBe("KeyError: 'k'");
    expect(r.stderr).not.toMatch(/\.ts:\d+/);
    // the report still follows, on the heap the exception left
    expect(r.stdout).toContain("  in Python: keep[3]");
  });

  it("writes --snapshot for DevTools, and refuses to replace a file without --force", () => {
    const file = program("leak.py", LEAK);
    const out = join(mkdtempSync(join(tmpdir(), "heaplab-inspect-snap-")), "heap.heapsnapshot");
    const r = heaplab(["inspect", file, "--snapshot", out]);
    expect(r.status).toBe(0);
    expect(existsSync(out)).toBe(true);
    const snap = JSON.parse(readFileSync(out, "utf8"));
    expect(snap.snapshot.node_count).toBeGreaterThan(HANDLERS);
    const again = heaplab(["inspect", file, "--snapshot", out]);
    // refused before the program runs, as for a workload (status 1: the file system, not the command line)
    expect(again.status).toBe(1);
    expect(again.stdout).toBe("");
    expect(again.stderr.trim().split("\n")).toHaveLength(1);
    expect(again.stderr).toMatch(/--force/);
    expect(heaplab(["inspect", file, "--snapshot", out, "--force"]).status).toBe(0);
  });
});
