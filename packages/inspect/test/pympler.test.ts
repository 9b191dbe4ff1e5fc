import { describe, expect, it } from "vitest";
import { asizeof, formatPymplerSize, formatSummary, SummaryTracker, summarize } from "../src/index";
import { cacheHeap, cpythonRuntime } from "./heaps";

describe("Pympler summary", () => {
  it("groups the live objects by type with CPython's sizes, biggest first", () => {
    const rt = cpythonRuntime();
    cacheHeap(rt);
    // {'cache': [1000, 2000, 'hello']}: dict 184, str 54 + 54, list 80, int 28 + 28 (sys.getsizeof).
    expect(summarize(rt)).toEqual([
      { type: "dict", count: 1, size: 184 },
      { type: "str", count: 2, size: 108 },
      { type: "list", count: 1, size: 80 },
      { type: "int", count: 2, size: 56 },
    ]);
  });

  it("leaves out garbage unless asked, whatever the strategy still holds", () => {
    const rt = cpythonRuntime();
    cacheHeap(rt);
    rt.scope(() => {
      rt.newList([rt.newFloat(1.5)]); // dropped at once; `none` never frees it
    });
    const live = summarize(rt);
    expect(live.find((r) => r.type === "float")).toBeUndefined();
    const held = summarize(rt, { includeUnreachable: true });
    expect(held.find((r) => r.type === "float")).toEqual({ type: "float", count: 1, size: 24 });
    expect(held.find((r) => r.type === "list")).toEqual({ type: "list", count: 2, size: 80 + 64 });
  });

  it("prints Pympler's table", () => {
    const rt = cpythonRuntime();
    cacheHeap(rt);
    expect(formatSummary(summarize(rt))).toBe(
      [
        "types | # objects | total size",
        "===== | ========= | ==========",
        " dict |         1 |  184     B",
        "  str |         2 |  108     B",
        " list |         1 |   80     B",
        "  int |         2 |   56     B",
      ].join("\n"),
    );
    // pympler.util.stringutils.pp: "%4d     %s" below 1 KiB, then "%7.2f %s".
    expect(formatPymplerSize(1024)).toBe("1024     B");
    expect(formatPymplerSize(1536)).toBe("   1.50 KB");
  });

  it("the tracker reports what changed between two summaries", () => {
    const rt = cpythonRuntime();
    const { list } = cacheHeap(rt);
    const tr = new SummaryTracker(rt);
    expect(tr.diff()).toEqual([]);
    rt.scope(() => {
      for (let i = 0; i < 3; i++) rt.append(list, rt.newInt(5000 + i));
    });
    // Three ints of 28; the list's item array goes from 3 slots to 8 (list_resize(4): 4 + 0 + 6 & ~3 = 8).
    expect(tr.diff()).toEqual([
      { type: "int", count: 3, size: 84 },
      { type: "list", count: 0, size: 40 },
    ]);
    expect(tr.diff()).toEqual([]);
    expect(tr.formatDiff()).toBe("types | # objects | total size\n===== | ========= | ==========");
  });

  it("asizeof sums the reachable objects once each, rounded to 8 as Pympler does", () => {
    const rt = cpythonRuntime();
    const { d, list } = cacheHeap(rt);
    // asizeof({'cache': [1000, 2000, 'hello']}) on CPython 3.11: 184 + 56 + 80 + 32 + 32 + 56 = 440.
    expect(asizeof(rt, d)).toBe(440);
    expect(asizeof(rt, list)).toBe(80 + 32 + 32 + 56);
    // A shared object counts once: [x, x] with x = 1000.
    const shared = rt.scope(() => {
      const x = rt.newInt(1000);
      return rt.newList([x, x]);
    });
    expect(asizeof(rt, shared)).toBe(72 + 32);
    expect(asizeof(rt, 0)).toBe(0);
  });
});

describe("under the real cpython-3.11 strategy", () => {
  it("the summary and asizeof are CPython's numbers", async () => {
    const { cpythonStrategy } = await import("@heaplab/generational");
    const { Runtime } = await import("@heaplab/runtime");
    const rt = new Runtime(cpythonStrategy.create({ heapLimit: 16 << 20 }), { heapLimit: 16 << 20 });
    const { d } = cacheHeap(rt);
    expect(summarize(rt)).toEqual([
      { type: "dict", count: 1, size: 184 },
      { type: "str", count: 2, size: 108 },
      { type: "list", count: 1, size: 80 },
      { type: "int", count: 2, size: 56 },
    ]);
    expect(asizeof(rt, d)).toBe(440);
  });
});
