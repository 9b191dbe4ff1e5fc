import { createRefcountStrategy } from "@heaplab/refcount";
import { getWorkload } from "@heaplab/workloads";
import { parseSnapshot } from "v8-heapsnapshot";
import { describe, expect, it } from "vitest";
import { inspectPanel } from "../src/index";

describe("the inspection panel's data", () => {
  it("summarises a leak-listener run, its sites and its growth", async () => {
    const n = 20;
    let json = "";
    const p = inspectPanel(
      getWorkload("leak-listener"),
      () => createRefcountStrategy({ heapLimit: 64 << 20 }),
      {
        iterations: n,
        onHeapSnapshot: (s) => {
          json = s;
        },
      },
    );
    expect([p.workload, p.strategy, p.iterations]).toEqual(["leak-listener", "refcount", n]);
    // Each widget keeps bytes(256): sys.getsizeof == 33 + 256 = 289.
    expect(p.summary[0]).toEqual({ type: "bytes", count: n, size: n * 289 });
    expect(p.summary.find((r) => r.type === "Widget")?.count).toBe(n);
    expect(p.sites[0]).toEqual({ site: "widget.py:6", size: n * 289, count: n });
    expect(p.leak.leaking).toBe(true);
    expect(p.chain).toBe(
      `bus.listeners -> list [${2 * n - 1}] -> method .__self__ -> Widget .buffer -> bytes`,
    );
    // The heap of the first run: 3 synthetic nodes plus every object the summary counts.
    const snap = await parseSnapshot(json);
    const objects = p.summary.reduce((a, r) => a + r.count, 0);
    expect(snap.nodes.length).toBe(3 + objects);
  });
});
