import { describe, expect, it } from "vitest";
import { catalog } from "../../../apps/cli/src/catalog";
import { runOne } from "../src/index";

// Every strategy the heaplab command knows, checked against what its constraints promise and what the
// program does (the oracle), never against its name.
const names = catalog.names();

describe.each(names)("under %s", (strategy) => {
  const opts = { catalog, heapLimit: 64 * 1024 * 1024 };

  it("list-cycle: 2 objects per cycle; cycles are reclaimed exactly when the strategy reclaims cycles", () => {
    const r = runOne({ workload: "list-cycle", strategy, params: { count: 200 } }, opts);
    expect(r.error).toBeNull();
    expect(r.allocations).toBe(400);
    const c = r.constraints;
    if (c.reclaimsCycles) expect(r.leakedObjects).toBe(0);
    else expect(r.leakedObjects).toBe(400);
  });

  it("leak-global-cache keeps every record, payload and id; its fix keeps none of them where anything is freed", () => {
    const n = 60;
    const leak = runOne({ workload: "leak-global-cache", strategy, params: { iterations: n } }, opts);
    expect(leak.retainedObjects).toBeGreaterThanOrEqual(3 * n + 1);
    const fix = runOne(
      { workload: "leak-global-cache-fixed", strategy, params: { iterations: n, batch: 7 } },
      opts,
    );
    const frees = fix.constraints.referenceCounting || fix.constraints.reclaimsCycles;
    if (frees) expect(fix.retainedObjects).toBeLessThan(3);
  });

  it("del-resources: a strategy that reclaims cycles runs every __del__ by the end; one that cannot runs none", () => {
    const r = runOne({ workload: "del-resources", strategy, params: { iterations: 40 } }, opts);
    const fileHandles = r.finalizers.filter((f) => f.typeName === "FileHandle").length;
    if (r.constraints.reclaimsCycles) expect(fileHandles).toBe(40);
    else expect(fileHandles).toBe(0);
  });

  it("is deterministic: same counts on a second run", () => {
    const p = { workload: "temporaries", strategy, params: { iterations: 3000 } } as const;
    const a = runOne(p, opts);
    const b = runOne(p, opts);
    expect([b.allocations, b.collections, b.retainedObjects, b.leakedObjects, b.finalUsedBytes]).toEqual([
      a.allocations,
      a.collections,
      a.retainedObjects,
      a.leakedObjects,
      a.finalUsedBytes,
    ]);
  });
});
