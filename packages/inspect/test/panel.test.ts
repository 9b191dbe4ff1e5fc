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

describe("the panel's snapshot diff and back-reference graph", () => {
  it("diffs two phases of the run by allocation site and draws the leak's back-references", () => {
    const n = 40;
    const create = () => createRefcountStrategy({ heapLimit: 64 << 20 });
    const whole = inspectPanel(getWorkload("leak-listener"), create, { iterations: n });
    // From before the run to its end: every widget's buffer (bytes(256), 289 bytes) is new.
    expect(whole.phases).toEqual([0, 1]);
    expect(whole.diff[0]).toEqual({
      site: "widget.py:6",
      size: n * 289,
      sizeDiff: n * 289,
      count: n,
      countDiff: n,
    });
    // The second half of the run: the snapshot at half way already held about half of them.
    const half = inspectPanel(getWorkload("leak-listener"), create, { iterations: n, phases: [0.5, 1] });
    const row = half.diff.find((d) => d.site === "widget.py:6")!;
    expect(row.count).toBe(n);
    expect(row.countDiff).toBeGreaterThan(0);
    expect(row.countDiff).toBeLessThan(n);
    expect(row.sizeDiff).toBe(row.countDiff * 289);
    // Sorted by the size of the change, largest first, as tracemalloc's compare_to.
    const changes = half.diff.map((d) => Math.abs(d.sizeDiff));
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
    // The back-reference graph starts at the newest bytes and reaches the named global that holds it.
    const g = whole.backrefs;
    const start = g.nodes.filter((x) => x.start);
    expect(start.map((x) => x.typeName)).toEqual(["bytes"]);
    expect(g.nodes.some((x) => x.root && x.rootName === "bus.listeners")).toBe(true);
    for (const e of g.edges) {
      expect(g.nodes.some((x) => x.id === e.from)).toBe(true);
      expect(g.nodes.some((x) => x.id === e.to)).toBe(true);
    }
    expect(() =>
      inspectPanel(getWorkload("leak-listener"), create, { iterations: 2, phases: [0, 2] }),
    ).toThrow(/fraction of the run/);
  });
});
