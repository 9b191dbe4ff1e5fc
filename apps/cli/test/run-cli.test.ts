import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { heaplab as runCli } from "./cli-process";

// The built command when it is fresh (as CI runs it), else the sources: both must behave alike.
const heaplab = (...args: string[]) => runCli(args);

function program(name: string, source: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "heaplab-run-")), name);
  writeFileSync(file, source);
  return file;
}

describe("heaplab run", () => {
  it("runs a program with its ARGS as sys.argv[1:] and Python's exit status", () => {
    const file = program("args.py", "import sys\nprint(sys.argv[1:], sys.getrefcount([]))\nsys.exit(3)\n");
    const r = heaplab("run", file, "a", "b");
    expect(r.stdout).toBe("['a', 'b'] 1\n");
    expect(r.status).toBe(3);
  });

  it("prints the traceback of an uncaught exception on stderr and exits 1", () => {
    const file = program("boom.py", "def f(d):\n    return d['k']\nf({})\n");
    const r = heaplab("run", "--strategy", "mark-sweep", file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `Traceback (most recent call last):\n  File "${file}", line 3, in <module>\n    f({})\n  File "${file}", line 2, in f\n    return d['k']\nKeyError: 'k'\n`,
    );
  });

  it("refuses unsupported syntax with FILE:LINE:COL and exit 2, and a bad heap limit in one line", () => {
    const file = program("match.py", "x = 1\nprint(2j)\n");
    const r = heaplab("run", file);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${file}:2:7: a complex literal is not supported\n`);
    const bad = heaplab("run", "--heap-limit", "lots", file);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("raises MemoryError at --heap-limit inside the program", () => {
    const file = program(
      "oom.py",
      "keep = []\ntry:\n    while True:\n        keep.append([0] * 100000)\nexcept MemoryError:\n    keep = None\n    print('MemoryError caught')\n",
    );
    const r = heaplab("run", "--heap-limit", "16MiB", file);
    expect(r.stdout).toBe("MemoryError caught\n");
    expect(r.status).toBe(0);
  });

  it("--compare runs the program under each strategy and says which lines differ and why", () => {
    const source = [
      "import gc",
      "class Node:",
      "    def __init__(self, name):",
      "        self.name = name",
      "    def __del__(self):",
      "        print('__del__', self.name)",
      "a = Node('a'); b = Node('b')",
      "a.other = b; b.other = a",
      "del a, b",
      "print('collected', gc.collect())",
    ];
    const file = program("cycle.py", `${source.join("\n")}\n`);
    const r = heaplab("run", "--compare", "--strategy", "refcount,cpython-3.11,mark-sweep", file);
    expect(r.status).toBe(0);
    // Piped output carries no colour codes.
    expect(r.stdout).not.toContain("\u001b[");
    const row = (strategy: string) => r.stdout.split("\n").find((l) => l.includes(` ${strategy} `)) ?? "";
    // The cycle's finalizers run inside gc.collect() under CPython's collector and the tracing one.
    const collectLine = source.findIndex((l) => l.includes("gc.collect()")) + 1;
    expect(row("cpython-3.11")).toContain(`Node@${collectLine} Node@${collectLine}`);
    expect(row("mark-sweep")).toContain(`Node@${collectLine}`);
    // Reference counting alone never finds the cycle: its output differs, and the table says why.
    expect(row("refcount")).not.toContain("Node@");
    expect(r.stdout).toMatch(
      /^refcount: lines? .* differ from cpython-3\.11 \(0 __del__ calls, 2 under cpython-3\.11\)$/m,
    );
  });
});
