import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "./helpers";

/**
 * `gc.get_count()` counts every GC object CPython allocates, the interpreter's own included: print's
 * Argument Clinic tuples (its keyword names once, its positional arguments each call, from the tuple
 * free list when one is saved), `Py_ReprEnter`'s thread-state dict and list (once), set_repr's list of
 * keys. Each statement runs first after a full collection (which empties the free lists) and the
 * count it leaves must be python3's.
 */
const havePython = spawnSync("python3", ["--version"]).status === 0;

const FIRST_STATEMENTS = [
  "pass",
  "print()",
  'print("a")',
  'print("a", "b", "c")',
  'print("a"); print("a", "b")',
  'print("a", end="")',
  "print(gc.get_count())",
  "repr([1])",
  "repr({})",
  "repr(set())",
  "repr({1})",
  "repr([[1], {2: ()}])",
  "x = [1]; print(x, x)",
];

describe.skipIf(!havePython)("gc.get_count() after the interpreter's own allocations", () => {
  it("cpython-3.11 counts what CPython 3.11 counts", () => {
    const dir = mkdtempSync(join(tmpdir(), "heaplab-gc-count-"));
    FIRST_STATEMENTS.forEach((stmt, i) => {
      const src = [
        "import gc, sys",
        "gc.disable()",
        "gc.collect()",
        "before = gc.get_count()[0]",
        stmt,
        "after = gc.get_count()[0]",
        'sys.stderr.write("%d %d\\n" % (before, after))',
        "",
      ].join("\n");
      const file = join(dir, `p${i}.py`);
      writeFileSync(file, src);
      const py = spawnSync("python3", [file], { encoding: "utf8" });
      const hl = run(src, "cpython-3.11", file);
      expect(hl.stderr, stmt).toBe(py.stderr);
      expect(hl.stdout, stmt).toBe(py.stdout);
      hl.rt.verify();
    });
  });
});
