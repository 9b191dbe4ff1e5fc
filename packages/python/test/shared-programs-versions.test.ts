import { describe, expect, it } from "vitest";
import { differingLines, expectedOutputOf, haveShared, programSource, run, sharedPrograms } from "./helpers";

/**
 * The shared programs under `cpython-3.12` and `cpython-3.13`, compared with what CPython 3.12.1 and
 * 3.13.0 print (stored in `expected-3.12/`, `expected-3.13/`; regenerate with
 * `~/.pyenv/versions/3.12.1/bin/python3 PROGRAM.py > expected-3.12/PROGRAM.out`). heaplab's Python
 * interpreter is a 3.11 interpreter on a heap whose collector, counting and sizes follow the
 * strategy's version; a program whose output depends on something of the version it does not model
 * yet is a known gap, with the reason, and must still differ, so fixing one shows up here.
 */
const SIZES =
  "3.12 dropped the str header's wstr (PEP 623: sys.getsizeof('') 41, not 49) and keeps a plain instance's dict and weakref in a 16-byte pre-header (48, not 56); the object model still lays out 3.11's";
const GENERATIONS =
  "after gc.collect() and ten one-item lists gc.get_count() is (15, 0, 0) on 3.12.1 and 3.13.0, (16, 0, 0) on 3.11.7: one GC allocation of 3.11's interpreter loop the interpreter still makes";
const KNOWN_GAPS: Record<string, Record<string, string>> = {
  "3.12": {
    sizes: SIZES,
    generations: GENERATIONS,
    gc_api:
      "gc.is_tracked((1, 2)) on a constant tuple is False on 3.12.1 (True on 3.11.7 and 3.13.0); the interpreter's constants are tracked",
  },
  "3.13": {
    sizes: SIZES,
    generations: GENERATIONS,
    weakrefs:
      "gc.collect() of a two-instance cycle with a weak reference to one returns 9 on 3.13.0 (2 on 3.11.7 and 3.12.1); not explained yet",
  },
};

for (const version of ["3.12", "3.13"]) {
  describe.skipIf(!haveShared)(`shared Python programs under cpython-${version}`, () => {
    const programs = sharedPrograms();
    const results: string[] = [];
    for (const name of programs) {
      const gap = KNOWN_GAPS[version]![name];
      it(`${name}${gap === undefined ? "" : ` (known gap: ${gap})`}`, () => {
        const want = expectedOutputOf(version, name);
        const r = run(programSource(name), `cpython-${version}`, `${name}.py`);
        const diff = differingLines(want, r.stdout);
        results.push(
          `${name}: ${diff.length === 0 && r.exitCode === 0 ? "ok" : `differs at ${diff.join(",")}`}`,
        );
        if (gap === undefined) {
          expect(r.stderr).toBe("");
          expect(r.exitCode).toBe(0);
          expect(r.stdout).toBe(want);
          r.rt.verify();
        } else {
          expect(diff.length > 0 || r.exitCode !== 0).toBe(true);
        }
      });
    }
    it("reports the count", () => {
      const ok = results.filter((l) => l.endsWith("ok")).length;
      console.log(`shared programs under cpython-${version}: ${ok} passed, ${results.length - ok} failed`);
      console.log(results.filter((l) => !l.endsWith("ok")).join("\n"));
    });
  });
}
