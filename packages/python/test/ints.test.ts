import fc from "fast-check";
import { describe, it } from "vitest";
import { havePython, sameAsPython } from "./helpers";

/**
 * Python ints are unbounded. Random expressions on ints around and far past 2**53 (where a double
 * stops being exact) run under `cpython-3.11` and by the real `python3`: every printed value, size,
 * hash, comparison and error must be the same.
 */

/** Ints near the edges that matter: small, near 2**30 (a digit), near 2**53, near 2**64, huge. */
const int = fc.oneof(
  fc.integer({ min: -300, max: 300 }).map(String),
  fc
    .tuple(
      fc.constantFrom(30, 52, 53, 54, 60, 63, 64, 100, 200),
      fc.integer({ min: -3, max: 3 }),
      fc.boolean(),
    )
    .map(([k, d, neg]) => `(${neg ? "-" : ""}2**${k} + ${d})`),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
);
const op = fc.constantFrom("+", "-", "*", "//", "%", "&", "|", "^", "<", "==", ">=");
const line = fc.oneof(
  fc.tuple(int, op, int).map(([a, o, b]) => `print(${a} ${o} ${b})`),
  fc.tuple(int, fc.integer({ min: 0, max: 70 })).map(([a, k]) => `print(${a} << ${k}, ${a} >> ${k})`),
  fc.tuple(int, fc.integer({ min: 0, max: 5 })).map(([a, k]) => `print(${a} ** ${k})`),
  int.map((a) => `print(sys.getsizeof(${a}), hash(${a}), -${a}, ~${a}, abs(${a}), int(str(${a})), ${a} / 3)`),
  fc.tuple(int, int).map(([a, b]) => `print(divmod(${a}, ${b}), sorted([${a}, ${b}]), max(${a}, ${b}))`),
);
const program = fc
  .array(line, { minLength: 1, maxLength: 12 })
  .map(
    (ls) =>
      `import sys\n${ls.map((l) => `try:\n    ${l}\nexcept Exception as e:\n    print(type(e).__name__, e)`).join("\n")}\n`,
  );

describe.skipIf(!havePython)("ints of any size against python3", () => {
  it("cpython-3.11 computes what CPython 3.11 computes", () => {
    const check = sameAsPython("heaplab-int-");
    fc.assert(
      fc.property(program, (src) => check(src)),
      { numRuns: Number(process.env.PY_PROPERTY_RUNS ?? 40) },
    );
  }, 600_000);
});
