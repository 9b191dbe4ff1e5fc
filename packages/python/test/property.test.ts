import fc from "fast-check";
import { describe, it } from "vitest";
import { havePython, sameAsPython } from "./helpers";

/**
 * Random small programs (assignments, containers, cycles, `del`, `gc.collect()`, weak references,
 * `__del__`, reference counts) run under `cpython-3.11` and by the real `python3`: the outputs must be
 * the same, byte for byte.
 */

const PRELUDE = [
  "import gc, sys, weakref",
  "gc.disable()",
  "class O:",
  "    def __init__(self, n):",
  "        self.n = n",
  "        self.ref = None",
  "    def __del__(self):",
  "        print('del', self.n)",
  "v0 = v1 = v2 = v3 = None",
  "w = None",
].join("\n");

const v = fc.integer({ min: 0, max: 3 }).map((i) => `v${i}`);
const statement = fc.oneof(
  fc.tuple(v, fc.integer({ min: 1, max: 99 })).map(([a, n]) => `${a} = O(${n})`),
  fc.tuple(v, v).map(([a, b]) => `${a} = [${b}]`),
  fc.tuple(v, v).map(([a, b]) => `${a} = {'k': ${b}}`),
  fc.tuple(v, v).map(([a, b]) => `${a} = (${b}, 1)`),
  fc.tuple(v, v).map(([a, b]) => `if isinstance(${a}, O):\n    ${a}.ref = ${b}`),
  fc.tuple(v, v).map(([a, b]) => `if isinstance(${a}, list):\n    ${a}.append(${b})`),
  v.map((a) => `${a} = None`),
  v.map((a) => `print(sys.getrefcount(${a}) if ${a} is not None else 'none')`),
  fc.constant("print('collected', gc.collect())"),
  v.map((a) => `w = weakref.ref(${a}) if isinstance(${a}, O) else None`),
  fc.constant("print('alive', w is not None and w() is not None)"),
  fc.tuple(v, v).map(([a, b]) => `${a} = ${b}`),
);
const program = fc
  .array(statement, { minLength: 3, maxLength: 14 })
  .map((ss) => `${PRELUDE}\n${ss.join("\n")}\nv0 = v1 = v2 = v3 = w = None\nprint('end', gc.collect())\n`);

describe.skipIf(!havePython)("random programs against python3", () => {
  it("cpython-3.11 prints what CPython 3.11 prints", () => {
    const check = sameAsPython("heaplab-py-");
    fc.assert(
      fc.property(program, (src) => check(src)),
      { numRuns: Number(process.env.PY_PROPERTY_RUNS ?? 40) },
    );
  }, 600_000);
});
