import { describe, it } from "vitest";
import { havePython, sameAsPython } from "./helpers";

/**
 * `gc.get_count()` counts every GC object CPython allocates, the interpreter's own included: print's
 * Argument Clinic tuples (its keyword names once, its positional arguments each call, from the tuple
 * free list when one is saved), `Py_ReprEnter`'s thread-state dict and list (once), set_repr's list of
 * keys. Each statement runs first after a full collection (which empties the free lists) and the
 * count it leaves must be python3's.
 */

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
    const check = sameAsPython("heaplab-gc-count-");
    for (const stmt of FIRST_STATEMENTS) {
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
      check(src, stmt);
    }
  });
});
