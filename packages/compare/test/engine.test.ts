import { noneStrategy, StrategyCatalog } from "@heaplab/runtime";
import type { Workload } from "@heaplab/workloads";
import { describe, expect, it } from "vitest";
import { compareStrategies, findings, runOne, toCsv, toRecord } from "../src";
import { RECORD_FIELDS } from "../src/internals";
import { toyEntry } from "./toy-strategy";

const PAUSES = [1, 2, 3, 4, 5, 100];

/** A program whose collections we know: three gen-0 collections, two gen-1, between allocations. */
const collector: Workload = {
  name: "collects",
  title: "collects",
  description: "test program",
  params: { lists: 10 },
  run(rt) {
    for (const g of [0, 0, 1, 0, 1]) {
      rt.scope(() => rt.newList());
      rt.collect(g);
    }
  },
};

const catalog = new StrategyCatalog([noneStrategy, toyEntry(PAUSES)]);

describe("runOne", () => {
  it("counts collections per generation and pauses from the event stream, not the engine's own exit collections", () => {
    const r = runOne({ workload: collector, strategy: "toy" }, { catalog });
    expect(r.collections).toEqual({ "0": 3, "1": 2 });
    expect(r.pauses).toEqual([1, 2, 3, 4, 5]);
    expect(r.totalPauseMs).toBe(15);
    expect(r.maxPauseMs).toBe(5);
    expect(r.p99PauseMs).toBe(5);
    expect(r.p50PauseMs).toBe(3);
    expect(r.collectionLog.map((c) => c.atAllocation)).toEqual([1, 2, 3, 4, 5]);
    expect(r.allocations).toBe(5);
  });

  it("list-cycle under none: two lists per cycle allocated, all of them leaked", () => {
    const r = runOne({ workload: "list-cycle", strategy: "none", params: { count: 300 } }, { catalog });
    expect(r.error).toBeNull();
    expect(r.allocations).toBe(600);
    expect(r.retainedObjects).toBe(600);
    expect(r.leakedObjects).toBe(600);
    // Each list object: the 32-byte body of CPython's PyListObject after its type word, plus none's 8-byte header.
    expect(r.allocatedBytes).toBe(600 * 40);
    expect(r.collections).toEqual({});
    expect(r.finalHeapBytes).toBeGreaterThanOrEqual(r.finalUsedBytes);
    expect(r.peakHeapBytes).toBeGreaterThanOrEqual(r.finalHeapBytes);
  });

  it("is deterministic: the same workload and seed give the same counts", () => {
    const a = runOne(
      { workload: "lru-cache", strategy: "none", params: { operations: 500 } },
      { catalog, seed: 3 },
    );
    const b = runOne(
      { workload: "lru-cache", strategy: "none", params: { operations: 500 } },
      { catalog, seed: 3 },
    );
    for (const k of [
      "allocations",
      "allocatedBytes",
      "retainedObjects",
      "leakedObjects",
      "finalUsedBytes",
    ] as const)
      expect(b[k]).toBe(a[k]);
    expect(b.output).toEqual(a.output);
  });

  it("records a MemoryError as the run's error instead of throwing", () => {
    const r = runOne(
      { workload: "binary-trees", strategy: "none", params: { depth: 14 } },
      { catalog, heapLimit: 2 * 1024 * 1024 },
    );
    expect(r.error).toMatch(/MemoryError/);
    expect(r.peakHeapBytes).toBeLessThanOrEqual(2 * 1024 * 1024);
  });
});

describe("compareStrategies and its outputs", () => {
  it("runs every workload under every strategy, workload-major, with a record per run", () => {
    const results = compareStrategies(
      [{ workload: "list-cycle", params: { count: 20 } }, { workload: collector }],
      ["none", "toy"],
      {
        catalog,
      },
    );
    expect(results.map((r) => `${r.workload}/${r.strategy}`)).toEqual([
      "list-cycle/none",
      "list-cycle/toy",
      "collects/none",
      "collects/toy",
    ]);
    const rec = toRecord(results[0]!);
    expect(Object.keys(rec)).toEqual([...RECORD_FIELDS]);
    const csv = toCsv(results).split("\n");
    expect(csv).toHaveLength(5);
    expect(csv[1]!.startsWith("list-cycle,none,count=20,1,")).toBe(true);
  });

  it("findings state the leak with its count", () => {
    const results = compareStrategies([{ workload: "list-cycle", params: { count: 20 } }], ["none"], {
      catalog,
    });
    const lines = findings(results).get("list-cycle")!;
    expect(lines[0]).toBe("none leaked 40 objects the program no longer reached — it never frees anything.");
  });
});

describe("heapMap", () => {
  it("paints each list and its item array where the bytes are, and nothing past the break", async () => {
    const { heapMap, MapCell } = await import("../src/index");
    let cells: Uint8Array | undefined;
    let expectedListCells = 0;
    runOne(
      { workload: "list-cycle", strategy: "none", params: { count: 10 } },
      {
        catalog,
        onEnd: (rt) => {
          const m = heapMap(rt, 8);
          cells = m.cells;
          // Oracle: under none each list is one 40-byte block (8-byte header + 32-byte body) = 5 cells of 8 bytes.
          expectedListCells = 20 * 5;
          expect(m.typeNames[6]).toBe("list");
          expect(m.cells.length * m.blockBytes).toBe(rt.os.brk - m.base);
        },
      },
    );
    const listCells = cells!.filter((c) => c === MapCell.firstType + 6).length;
    expect(listCells).toBe(expectedListCells);
    expect(cells!.filter((c) => c === MapCell.aux).length).toBeGreaterThan(0);
  });
});
