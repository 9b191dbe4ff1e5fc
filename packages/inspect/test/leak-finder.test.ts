import { cpythonStrategy } from "@heaplab/generational";
import { createRefcountStrategy } from "@heaplab/refcount";
import { createNoneStrategy, type Strategy } from "@heaplab/runtime";
import { tracingStrategies } from "@heaplab/tracing";
import { getWorkload } from "@heaplab/workloads";
import { describe, expect, it } from "vitest";
import { findLeaks, formatChain, formatLeakReport } from "../src/index";

const N = 40;

/**
 * Each seed leak, the class whose every instance it keeps (one per iteration), and the reference chain
 * its source builds from the global to the newest instance's payload (read off the workload's code).
 */
const LEAKS: [name: string, type: string, chain: string][] = [
  ["leak-global-cache", "Record", `_cache -> list [${2 * N - 1}] -> Record .payload -> bytes`],
  [
    "leak-class-attribute",
    "Session",
    `Session.all_sessions -> list [${2 * N - 1}] -> Session .data -> bytes`,
  ],
  [
    "leak-closure",
    "Dataset",
    `handlers -> list [${2 * N - 1}] -> function .__closure__ -> tuple [0] -> cell .cell_contents -> Dataset .rows -> list [9] -> bytes`,
  ],
  [
    "leak-listener",
    "Widget",
    `bus.listeners -> list [${2 * N - 1}] -> method .__self__ -> Widget .buffer -> bytes`,
  ],
];

const STRATEGIES: [string, () => Strategy][] = [
  ["cpython-3.11", () => cpythonStrategy.create({ heapLimit: 64 << 20 })],
  ["refcount", () => createRefcountStrategy({ heapLimit: 64 << 20 })],
  ["none", () => createNoneStrategy({ heapLimit: 64 << 20 })],
  ...tracingStrategies.map((e): [string, () => Strategy] => [
    e.name,
    () => e.create({ heapLimit: 64 << 20 }),
  ]),
];

describe.each(STRATEGIES)("leak finder under %s", (_s, strategy) => {
  it.each(LEAKS)("names what keeps %s's %s alive", (name, type, chain) => {
    const r = findLeaks(getWorkload(name), strategy, { iterations: N });
    expect(r.leaking).toBe(true);
    const row = r.types.find((t) => t.type === type)!;
    expect([row.count, row.countDiff]).toEqual([2 * N, N]);
    expect(formatChain(r.chain)).toBe(chain);
    expect(r.sites.length).toBeGreaterThan(0);
    expect(r.sites.every((s) => s.countDiff > 0)).toBe(true);
    expect(formatLeakReport(r)).toContain(`kept alive by: ${chain}`);
    // The retention figure says what it divides, so a value above 100% is not a mystery.
    expect(formatLeakReport(r)).toContain(
      `retention ${(100 * r.retention).toFixed(0)}% (reachable growth ÷ object bytes the extra iterations allocated;`,
    );
  });

  it.each(LEAKS)("finds no growth in %s-fixed, and names only garbage a strategy never frees", (name) => {
    const r = findLeaks(getWorkload(`${name}-fixed`), strategy, { iterations: N });
    expect(r.leaking).toBe(false);
    expect(r.types).toEqual([]);
    const c = strategy().constraints;
    if (!c.referenceCounting && !c.reclaimsCycles) {
      // `none` keeps every dead object of the fixed program too, and the report says so.
      expect(r.unreachable.count).toBeGreaterThan(0);
      expect(formatLeakReport(r)).toContain("the strategy never frees anything");
    } else {
      expect(r.unreachable.count).toBe(0);
      expect(formatLeakReport(r)).toMatch(/no leak found$/);
    }
  });
});

describe.each(STRATEGIES)("what %s holds that the program no longer reaches", (_s, strategy) => {
  it("list-cycle: every list of every dropped pair, exactly where cycles are never reclaimed", () => {
    const w = getWorkload("list-cycle");
    const r = findLeaks(w, strategy, { iterations: 1 });
    const pairs = Number(w.params.count);
    if (strategy().constraints.reclaimsCycles) {
      expect(r.unreachable.count).toBe(0);
      expect(formatLeakReport(r)).toMatch(/no leak found$/);
      return;
    }
    // Two lists per pair, each holding the other; nothing else is left (small ints are the runtime's own).
    expect(r.unreachable.types.map((t) => [t.type, t.count])).toEqual([["list", 2 * pairs]]);
    expect(formatLeakReport(r)).toContain(
      `${r.unreachable.strategy} leaked ${(2 * pairs).toLocaleString("en-US")} objects`,
    );
    expect(formatLeakReport(r)).not.toContain("no leak found");
  });

  it("del-resources: each file handle and its connection, in a cycle", () => {
    const iterations = 25;
    const r = findLeaks(getWorkload("del-resources"), strategy, { iterations });
    const count = (type: string) => r.unreachable.types.find((t) => t.type === type)?.count ?? 0;
    const held = strategy().constraints.reclaimsCycles ? 0 : iterations;
    expect([count("FileHandle"), count("Connection")]).toEqual([held, held]);
  });
});

describe("leak finder verdict", () => {
  it("the closure fix still keeps a little per iteration, reported once the threshold is lowered", () => {
    const strategy = () => createRefcountStrategy({ heapLimit: 64 << 20 });
    const r = findLeaks(getWorkload("leak-closure-fixed"), strategy, { iterations: N, minRetention: 0.05 });
    // What remains per handler: the function, its closure tuple, the cell and the dead weak reference.
    expect(r.types.map((t) => [t.type, t.countDiff]).sort()).toEqual([
      ["cell", N],
      ["function", N],
      ["tuple", N],
      ["weakref", N],
    ]);
    expect(r.retention).toBeLessThan(0.5);
    expect(() => findLeaks(getWorkload("leak-closure"), strategy, { iterations: 0 })).toThrow(
      /positive integer/,
    );
  });
});
