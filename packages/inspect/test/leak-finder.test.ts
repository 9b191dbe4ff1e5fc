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
  });

  it.each(LEAKS)("is silent on %s-fixed", (name) => {
    const r = findLeaks(getWorkload(`${name}-fixed`), strategy, { iterations: N });
    expect(r.leaking).toBe(false);
    expect(r.types).toEqual([]);
    expect(formatLeakReport(r)).toMatch(/no leak found$/);
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
