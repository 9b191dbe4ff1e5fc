import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../../..");
const heaplab = (...args: string[]) =>
  spawnSync("node", ["--conditions=@heaplab/source", "--import", "tsx", "apps/cli/src/bin.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });

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
});
