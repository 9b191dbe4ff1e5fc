import { HeaplabError, noneStrategy, StrategyCatalog } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import {
  checkPlan,
  findMinimumHeap,
  measureSweepRun,
  mergeSweeps,
  parseShard,
  runSweep,
  type SweepPlan,
  sweepCsv,
} from "../src";
import { planHash, shardPairs, sweepPairs } from "../src/internals";

const catalog = new StrategyCatalog([noneStrategy]);

/** list-cycle under `none` allocates 2 × count lists and frees none: its minimum heap grows with count. */
const plan: SweepPlan = {
  workloads: [
    { workload: "list-cycle", params: { count: 300 } },
    { workload: "list-cycle", params: { count: 20000 } },
  ],
  strategies: ["none"],
  multiples: [1.5, 2],
  runs: 2,
  seed: 1,
  settings: {},
  searchPrecision: 0.05,
};

const inProcess = async (t: Parameters<typeof measureSweepRun>[0]) => measureSweepRun(t, catalog);

describe("findMinimumHeap", () => {
  it("brackets the threshold to the precision asked, from either side of the start", async () => {
    for (const threshold of [300_000, 3_000_000, 70_000_000]) {
      const tried: number[] = [];
      const r = await findMinimumHeap(
        async (h) => {
          tried.push(h);
          return h >= threshold;
        },
        { start: 1 << 20, max: 1 << 30, precision: 0.02, granule: 4096 },
      );
      expect(r.bytes).not.toBeNull();
      expect(r.bytes!).toBeGreaterThanOrEqual(threshold);
      expect(r.bytes! - threshold).toBeLessThanOrEqual(Math.max(4096, 0.02 * r.bytes!));
      expect(r.probes).toBe(tried.length);
    }
  });

  it("gives up at the ceiling", async () => {
    const r = await findMinimumHeap(async () => false, {
      start: 1 << 20,
      max: 1 << 24,
      precision: 0.05,
      granule: 4096,
    });
    expect(r.bytes).toBeNull();
  });
});

describe("plans and shards", () => {
  it("refuses a multiple below 1 and bad shards, with a HeaplabError", () => {
    expect(() => checkPlan({ ...plan, multiples: [0.5] })).toThrow(/at least 1.*got 0.5/);
    expect(() => checkPlan({ ...plan, runs: 0 })).toThrow(HeaplabError);
    for (const bad of ["0/2", "3/2", "1/0", "x", "1/2/3"])
      expect(() => parseShard(bad)).toThrow(HeaplabError);
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
  });

  it("the shards partition the job list, and the hash names the plan", () => {
    const pairs = sweepPairs({ ...plan, strategies: ["a", "b", "c"] });
    const shards = [1, 2, 3, 4].map((index) => shardPairs(pairs, { index, count: 4 }).map((p) => p.index));
    expect(shards.flat().sort((a, b) => a - b)).toEqual(pairs.map((p) => p.index));
    expect(planHash(plan)).toBe(planHash({ ...plan }));
    expect(planHash(plan)).not.toBe(planHash({ ...plan, runs: 3 }));
  });
});

describe("runSweep end to end (in-process runs, two shards, merge)", () => {
  it("finds a larger minimum heap for the larger program, runs each multiple, and merges shards into the whole", async () => {
    const s1 = await runSweep(plan, { shard: { index: 1, count: 2 }, workers: 1, runTask: inProcess });
    const s2 = await runSweep(plan, { shard: { index: 2, count: 2 }, workers: 1, runTask: inProcess });
    expect(s1.pairs.map((p) => p.index)).toEqual([0]);
    expect(s2.pairs.map((p) => p.index)).toEqual([1]);
    // Round trip through JSON, as shard files do.
    const merged = mergeSweeps([
      { source: "s2.json", value: JSON.parse(JSON.stringify(s2)) },
      { source: "s1.json", value: JSON.parse(JSON.stringify(s1)) },
    ]);
    expect(merged.shard).toBeNull();
    expect(merged.pairs.map((p) => p.index)).toEqual([0, 1]);
    const [small, large] = merged.pairs;
    expect(small!.minHeapBytes).not.toBeNull();
    expect(large!.minHeapBytes!).toBeGreaterThan(small!.minHeapBytes!);
    for (const p of merged.pairs) {
      expect(p.points.map((q) => q.multiple)).toEqual(plan.multiples);
      for (const q of p.points) {
        expect(q.heapBytes).toBeGreaterThanOrEqual(q.multiple * p.minHeapBytes!);
        expect(q.runs).toHaveLength(plan.runs);
        expect(q.completed).toBe(plan.runs);
      }
    }
    // The minimum heap is tight: 5% less fails (the search's precision), checked by a run of its own.
    const below = measureSweepRun(
      {
        workload: "list-cycle",
        params: { count: 20000 },
        strategy: "none",
        heapLimit: Math.floor((large!.minHeapBytes! * 0.94) / 65536) * 65536,
        seed: 1,
        warmup: false,
      },
      catalog,
    );
    expect(below.completed).toBe(false);
    expect(below.error).toMatch(/MemoryError/);
    const csv = sweepCsv(merged).split("\n");
    expect(csv).toHaveLength(1 + 2 * plan.multiples.length * plan.runs);

    // Refusals: a shard of another sweep, the same shard twice, a missing shard, not a sweep file.
    const other = await runSweep(
      { ...plan, multiples: [3] },
      { shard: { index: 2, count: 2 }, workers: 1, runTask: inProcess },
    );
    expect(() =>
      mergeSweeps([
        { source: "a", value: s1 },
        { source: "b", value: other },
      ]),
    ).toThrow(/another sweep/);
    expect(() =>
      mergeSweeps([
        { source: "a", value: s1 },
        { source: "b", value: s1 },
      ]),
    ).toThrow(/same shard/);
    expect(() => mergeSweeps([{ source: "a", value: s1 }])).toThrow(
      /1 of 2 workload × strategy pairs missing/,
    );
    expect(() => mergeSweeps([{ source: "x.json", value: { hello: 1 } }])).toThrow(
      /not a heaplab sweep file/,
    );
  });
});
