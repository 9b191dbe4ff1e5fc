import { HeaplabError, noneStrategy, StrategyCatalog, type StrategyEntry } from "@heaplab/runtime";
import type { Workload } from "@heaplab/workloads";
import { describe, expect, it } from "vitest";
import { findings, runRepeated, toCsv, toRecord } from "../src";
import { median, spreadOf } from "../src/internals";
import { toyEntry } from "./toy-strategy";

/** Five collections, one per allocation, each reporting the pause its run's toy was given. */
const collector: Workload = {
  name: "collects",
  title: "collects",
  description: "test program",
  params: {},
  run(rt) {
    for (const g of [0, 0, 1, 0, 1]) {
      rt.scope(() => rt.newList());
      rt.collect(g);
    }
  },
};

/** A toy whose k-th instance (the k-th run, warm-up included) reports `perRun[k]` as its pauses. */
function toyPerRun(perRun: readonly (readonly number[])[]): StrategyEntry {
  let run = 0;
  return { ...toyEntry([]), create: (o) => toyEntry(perRun[run++] ?? [])!.create(o) };
}

describe("median and spreadOf", () => {
  it("median is the middle value, or the mean of the two middle ones", () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("a spread is wide when the range exceeds a quarter of the median; MMU by 10 points", () => {
    const steady = spreadOf("maxPauseMs", [1.0, 1.1, 1.2]);
    expect(steady.median).toBe(1.1);
    expect(steady.relativeSpread).toBeCloseTo(0.2 / 1.1);
    expect(steady.wide).toBe(false);
    expect(spreadOf("maxPauseMs", [1.0, 1.1, 3.0]).wide).toBe(true);
    expect(spreadOf("mmu", [0.5, 0.55, 0.58]).wide).toBe(false);
    expect(spreadOf("mmu", [0.5, 0.55, 0.65]).wide).toBe(true);
    expect(spreadOf("mmu", [null, null]).median).toBeNull();
    expect(spreadOf("wallSeconds", [2]).wide).toBe(false);
  });
});

describe("runRepeated", () => {
  // Run 0 is the warm-up (its 100 ms pause must not count); runs 1–3 are measured.
  const perRun = [
    [100, 100, 100, 100, 100],
    [1, 2, 3, 4, 5],
    [2, 2, 2, 2, 2],
    [10, 1, 1, 1, 1],
  ];

  it("throws the warm-up away and reports each timing's median and range over the measured runs", () => {
    const catalog = new StrategyCatalog([noneStrategy, toyPerRun(perRun)]);
    let ends = 0;
    const r = runRepeated(
      { workload: collector, strategy: "toy" },
      { catalog, runs: 3, warmupRuns: 1, onEnd: () => ends++ },
    );
    const maxima = perRun.slice(1).map((p) => Math.max(...p));
    const totals = perRun.slice(1).map((p) => p.reduce((a, b) => a + b, 0));
    expect(r.runs).toBe(3);
    expect(r.warmupRuns).toBe(1);
    expect(ends).toBe(1);
    expect(r.spread.maxPauseMs.values).toEqual(maxima);
    expect(r.maxPauseMs).toBe(median(maxima));
    expect(r.spread.totalPauseMs.values).toEqual(totals);
    expect(r.totalPauseMs).toBe(median(totals));
    expect(r.spread.maxPauseMs.wide).toBe(true);
    expect(r.spread.wallSeconds.values).toHaveLength(3);
    expect(r.wallSeconds).toBe(median(r.spread.wallSeconds.values as number[]));
    // Counts do not vary between runs.
    expect(r.collections).toEqual({ "0": 3, "1": 2 });
  });

  it("names the wide timings with their ranges in the findings, and exports the spread", () => {
    const catalog = new StrategyCatalog([noneStrategy, toyPerRun(perRun)]);
    const r = runRepeated({ workload: collector, strategy: "toy" }, { catalog, runs: 3, warmupRuns: 1 });
    const lines = findings([r]).get("collects")!;
    const wide = lines.find((l) => l.startsWith("Wide spread over 3 runs"));
    expect(wide).toContain("longest pause 2.00–10.0 ms");
    expect(wide).toContain("total pause 10.0–15.0 ms");
    expect(toRecord(r).spread).toBe(r.spread);
    const [head, row] = toCsv([r]).split("\n");
    const cols = head!.split(",");
    const cells = row!.split(",");
    expect(cells[cols.indexOf("maxPauseMsMax")]).toBe("10");
    expect(cells[cols.indexOf("maxPauseMsWide")]).toBe("true");
  });

  it("a single run has no spread, and the findings do not call it wide", () => {
    const catalog = new StrategyCatalog([noneStrategy, toyPerRun(perRun)]);
    const r = runRepeated({ workload: collector, strategy: "toy" }, { catalog });
    expect(r.runs).toBe(1);
    expect(r.spread.maxPauseMs.values).toEqual([100]);
    expect(
      findings([r])
        .get("collects")!
        .some((l) => l.startsWith("Wide")),
    ).toBe(false);
  });

  it("refuses a run count that is not a whole number in range", () => {
    const catalog = new StrategyCatalog([noneStrategy]);
    for (const runs of [0, -1, 1.5, Number.NaN])
      expect(() => runRepeated({ workload: collector, strategy: "none" }, { catalog, runs })).toThrow(
        HeaplabError,
      );
    expect(() => runRepeated({ workload: collector, strategy: "none" }, { catalog, warmupRuns: -1 })).toThrow(
      /warmupRuns takes a whole number of at least 0/,
    );
  });
});
