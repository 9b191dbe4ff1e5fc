import { join, resolve } from "node:path";
import { createNoneStrategy, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createWorkloadContext, getWorkload, type Params, workloads } from "../src/index";

/** Small sizes for every workload, so the suite stays fast. */
const SMALL: Record<string, Params> = {
  "list-cycle": { count: 50 },
  "node-cycle": { count: 50 },
  "lru-cache": { operations: 300, capacity: 20, keySpace: 40 },
  "object-pool": { requests: 200 },
  "arena-release": { blocks: 3000, chunk: 1024 },
  "csv-load-all": { rows: 300 },
  "csv-chunks": { rows: 300, chunkRows: 64 },
  "csv-generator": { rows: 300 },
  temporaries: { iterations: 500 },
  "del-resources": { iterations: 50 },
  "explicit-release": { iterations: 50 },
  "binary-trees": { depth: 6 },
  gcbench: { stretchDepth: 8, longLivedDepth: 6, arraySize: 2000, minDepth: 4, maxDepth: 6 },
  trace: { file: join(resolve(__dirname, "../../../../shared/trace/examples"), "random-default-1.json") },
};

function run(name: string, params: Params = {}, seed = 1) {
  const rt = new Runtime(createNoneStrategy({ heapLimit: 64 << 20 }), { heapLimit: 64 << 20 });
  const w = getWorkload(name);
  const ctx = createWorkloadContext(rt, { seed });
  w.run(rt, { ...w.params, ...(SMALL[name] ?? { iterations: 20 }), ...params }, ctx);
  return { rt, ctx };
}

describe("workloads", () => {
  it.each(workloads.map((w) => w.name))("%s runs and leaves a consistent heap", (name) => {
    const { rt } = run(name);
    rt.verify();
    expect(rt.allocations).toBeGreaterThan(0);
  });

  it("binary-trees prints the Benchmarks Game's reference output for N = 10", () => {
    // The expected lines are the benchmark's published output for N = 10 (not produced by this code).
    const { ctx } = run("binary-trees", { depth: 10 });
    expect(ctx.output).toEqual([
      "stretch tree of depth 11\t check: 4095",
      "1024\t trees of depth 4\t check: 31744",
      "256\t trees of depth 6\t check: 32512",
      "64\t trees of depth 8\t check: 32704",
      "16\t trees of depth 10\t check: 32752",
      "long lived tree of depth 10\t check: 2047",
    ]);
  });

  it("binary-trees allocates exactly one object per node", () => {
    // stretch 2^8-1, long-lived 2^7-1, depth 4: 64 trees of 31, depth 6: 16 trees of 127
    const { rt } = run("binary-trees", { depth: 6 });
    expect(rt.allocations).toBe(255 + 127 + 64 * 31 + 16 * 127);
  });

  it("list-cycle allocates two list objects per cycle (item arrays are auxiliary storage, not objects)", () => {
    const { rt } = run("list-cycle", { count: 123 });
    expect(rt.allocations).toBe(246);
  });

  it("the same seed gives the same allocations; the LRU cache depends on its seed", () => {
    const a = run("lru-cache", {}, 7);
    const b = run("lru-cache", {}, 7);
    const c = run("lru-cache", {}, 8);
    expect(a.rt.allocations).toBe(b.rt.allocations);
    expect(a.ctx.output).toEqual(b.ctx.output);
    expect(c.ctx.output).not.toEqual(a.ctx.output);
  });

  it("the LRU cache never holds more than its capacity", () => {
    const { rt, ctx } = run("lru-cache", { capacity: 15, operations: 400, keySpace: 60 });
    expect(rt.len(ctx.globals.get("_lru")!)).toBe(15);
  });

  it("the CSV variants compute the same total", () => {
    const totals = ["csv-load-all", "csv-chunks", "csv-generator"].map(
      (n) => run(n, { rows: 257 }).ctx.output,
    );
    expect(totals[1]).toEqual(totals[0]);
    expect(totals[2]).toEqual(totals[0]);
  });

  it("every seed scenario exists with an explanation", () => {
    for (const name of [
      "list-cycle",
      "node-cycle",
      "lru-cache",
      "object-pool",
      "arena-release",
      "csv-load-all",
      "csv-chunks",
      "csv-generator",
      "temporaries",
      "del-resources",
      "explicit-release",
      "binary-trees",
      "gcbench",
    ]) {
      expect(getWorkload(name).description.split(". ").length).toBeGreaterThanOrEqual(2);
    }
    expect(getWorkload("explicit-release").fixes).toBe("del-resources");
    expect(() => getWorkload("nope")).toThrow(/unknown workload 'nope'; known workloads: list-cycle/);
  });
});
