import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRefcountStrategy } from "@heaplab/refcount";
import { type Handle, Runtime } from "@heaplab/runtime";
import { tracingStrategies } from "@heaplab/tracing";
import { describe, expect, it } from "vitest";
import { Filter, objectIds, Tracemalloc } from "../src";
import { formatSize } from "../src/tracemalloc/format-size";
import { cpythonRuntime } from "./heaps";

/**
 * The tracemalloc documentation's leak hunt, as the seeds teach it:
 *
 *   1 import tracemalloc
 *   2 tracemalloc.start()
 *   3 leaky = []
 *   4 def leak():
 *   5     leaky.append(bytes(10000))
 *   6 s1 = tracemalloc.take_snapshot()
 *   7 for _ in range(10): leak()
 *   8 for stat in tracemalloc.take_snapshot().compare_to(s1, "lineno")[:3]: print(stat)
 */
function leakExample(rt: Runtime, tm: Tracemalloc) {
  tm.start();
  tm.site("leak.py:3 <module>");
  const leaky = rt.persistent(rt.scope(() => rt.newList()));
  const leak = () =>
    rt.scope(() => {
      tm.site("leak.py:5 leak");
      rt.append(leaky, rt.newBytes(10000));
    });
  const s1 = tm.takeSnapshot();
  for (let i = 0; i < 10; i++) leak();
  return { s1, s2: tm.takeSnapshot(), leaky };
}

describe("tracemalloc", () => {
  it("finds the leaking line as the top growth line (the seed's example)", () => {
    const rt = cpythonRuntime();
    const tm = new Tracemalloc(rt);
    const { s1, s2 } = leakExample(rt, tm);
    const top = s2.compareTo(s1, "lineno");
    // sys.getsizeof(bytes(10000)) == 10033: ten of them are 100330 B = 98.0 KiB.
    expect(String(top[0])).toBe("leak.py:5: size=98.0 KiB (+98.0 KiB), count=10 (+10), average=10033 B");
    // The list `leaky` grew its item array from 0 to 16 slots (list_resize: 4, 8, 16): +128 B, no new object.
    expect(String(top[1])).toBe("leak.py:3: size=184 B (+128 B), count=1 (+0), average=184 B");
    expect(top.length).toBe(2);
    expect(String(s2.statistics("lineno")[0])).toBe("leak.py:5: size=98.0 KiB, count=10, average=10033 B");
    expect(s2.statistics("filename").map(String)).toEqual([
      "leak.py:0: size=98.2 KiB, count=11, average=9138 B",
    ]);
  });

  it("captures the JS call stack when no site label is given", () => {
    const rt = cpythonRuntime();
    const tm = new Tracemalloc(rt);
    tm.start(2);
    const keep = rt.persistent(rt.scope(() => rt.newList()));
    const s1 = tm.takeSnapshot();
    function leakFromJs(): void {
      rt.scope(() => rt.append(keep, rt.newBytes(100))); // ALLOCATION SITE
    }
    for (let i = 0; i < 3; i++) leakFromJs();
    const top = tm.takeSnapshot().compareTo(s1, "traceback")[0]!;
    const file = fileURLToPath(import.meta.url);
    const line =
      readFileSync(file, "utf8")
        .split("\n")
        .findIndex((l) => l.includes("// ALLOCATION SITE")) + 1;
    expect(top.countDiff).toBe(3);
    expect(top.traceback[0]!.filename.endsWith("test/tracemalloc.test.ts")).toBe(true);
    expect(top.traceback[0]!.lineno).toBe(line);
    expect(top.traceback.length).toBe(2);
    expect(tm.getTracebackLimit()).toBe(2);
  });

  it("filters traces by filename pattern and line", () => {
    const rt = cpythonRuntime();
    const tm = new Tracemalloc(rt);
    const { s2 } = leakExample(rt, tm);
    expect(s2.filterTraces([new Filter(false, "leak.py", 3)]).traces.length).toBe(10);
    expect(s2.filterTraces([new Filter(true, "le?k.*")]).traces.length).toBe(11);
    expect(s2.filterTraces([new Filter(true, "other.py")]).traces.length).toBe(0);
    expect(s2.filterTraces([new Filter(false, "*")]).traces.length).toBe(0);
  });

  it("cumulative statistics count a trace once for every frame of its traceback", () => {
    const rt = cpythonRuntime();
    const tm = new Tracemalloc(rt);
    tm.start(3);
    const keep = rt.persistent(rt.scope(() => rt.newList()));
    const inner = () => rt.scope(() => rt.append(keep, rt.newFloat(1)));
    const outer = () => inner();
    outer();
    outer();
    const snap = tm.takeSnapshot();
    const floats = snap.traces.filter((t) => t.typeName === "float");
    expect(floats.length).toBe(2);
    const cum = snap.statistics("lineno", true);
    // Each float's three frames each get 24 B; the two floats share all three frames.
    const frames = floats[0]!.traceback.map((f) => `${f.filename}:${f.lineno}`);
    for (const f of frames)
      expect(cum.find((s) => String(s).startsWith(`${f}:`))!.size).toBeGreaterThanOrEqual(48);
    expect(() => snap.statistics("traceback", true)).toThrow(/cumulative/);
  });

  it("tracks current and peak from free hooks under reference counting", () => {
    const rt = new Runtime(createRefcountStrategy({ heapLimit: 16 << 20 }), { heapLimit: 16 << 20 });
    const tm = new Tracemalloc(rt);
    tm.start();
    tm.site("a.py:1");
    const mark = rt.openScope();
    const h: Handle = rt.persistent(rt.newList([rt.newInt(1000), rt.newInt(2000)]));
    rt.closeScope(mark);
    // [1000, 2000]: the list 72 (56 + 2 items), two ints of 28.
    expect(tm.getTracedMemory()).toEqual([128, 128]);
    rt.release(h); // refcount frees all three at once and reports it
    expect(tm.getTracedMemory()).toEqual([0, 128]);
    tm.resetPeak();
    expect(tm.getTracedMemory()).toEqual([0, 0]);
    rt.scope(() => {
      rt.newBytes(967); // 1000 B, freed when the scope closes
    });
    expect(tm.getTracedMemory()).toEqual([0, 1000]);
    tm.stop();
    expect(tm.isTracing()).toBe(false);
    expect(() => tm.takeSnapshot()).toThrow(/must be tracing/);
  });

  it("under `none` garbage stays allocated but is not in the snapshot", () => {
    const rt = cpythonRuntime();
    const tm = new Tracemalloc(rt);
    tm.start();
    tm.site("g.py:1");
    rt.scope(() => {
      rt.newBytes(967);
    });
    expect(tm.getTracedMemory()).toEqual([1000, 1000]);
    expect(tm.takeSnapshot().traces.length).toBe(0);
    expect(tm.takeSnapshot({ includeUnreachable: true }).traces.length).toBe(1);
  });

  it.each(tracingStrategies.map((s) => [s.name, s] as const))(
    "keeps traces and object ids through %s collections",
    (_name, entry) => {
      const rt = new Runtime(entry.create({ heapLimit: 64 << 20 }), { heapLimit: 64 << 20 });
      const ids = objectIds(rt);
      const tm = new Tracemalloc(rt);
      tm.start();
      const keep = rt.persistent(rt.scope(() => rt.newList()));
      for (let i = 0; i < 50; i++) {
        rt.scope(() => {
          // Enough garbage before the kept objects that every moving plan compacts rather than sweeps
          // (the CLR-style plan sweeps while fragmentation stays under 40,000 bytes).
          tm.site("garbage.py:1");
          rt.newBytes(4000);
          tm.site("kept.py:2");
          if (i % 5 === 0) rt.append(keep, rt.newTuple([rt.newFloat(i)]));
        });
      }
      const before = rt.scope(() => rt.getItem(keep, 3));
      const idBefore = ids.serial(rt.addressOf(before));
      const addrBefore = rt.addressOf(before);
      const stats = () => tm.takeSnapshot().statistics("lineno").map(String);
      const s1 = stats();
      rt.collect();
      rt.collect();
      // Moving collectors did move it (garbage lay before it), and its id followed through the move hook.
      if (rt.strategy.constraints.movesObjects) expect(rt.addressOf(before)).not.toBe(addrBefore);
      expect(ids.serial(rt.addressOf(before))).toBe(idBefore);
      expect(stats()).toEqual(s1);
      // 10 tuples and 10 floats still reachable at kept.py:2: CPython's bodies (getsizeof minus the
      // refcount and PyGC_Head: (1.0,) 48 - 24, 1.0 24 - 8) plus this strategy's own header.
      const prefix = (name: string) => rt.strategy.prefixBytes(rt.types.byName(name)!);
      const size = 10 * (prefix("tuple") + 24) + 10 * (prefix("float") + 16);
      expect(s1.find((s) => s.startsWith("kept.py:2"))).toBe(
        `kept.py:2: size=${size} B, count=20, average=${size / 20} B`,
      );
      expect(s1.some((s) => s.startsWith("garbage.py"))).toBe(false);
      // After collections, what the strategy holds is exactly what is reachable: the 200-byte garbage is gone.
      const [current] = tm.getTracedMemory();
      const reachable = tm.takeSnapshot().traces.reduce((a, t) => a + t.size, 0);
      expect(current).toBe(reachable);
      rt.verify();
    },
  );

  it("formats sizes as tracemalloc's _format_size", () => {
    expect(formatSize(0, false)).toBe("0 B");
    expect(formatSize(10239, false)).toBe("10239 B");
    expect(formatSize(10240, false)).toBe("10.0 KiB");
    expect(formatSize(-1536 * 1024, true)).toBe("-1536 KiB");
    expect(formatSize(150 * 1024 * 1024, true)).toBe("+150 MiB");
    expect(formatSize(2.5, false)).toBe("2 B"); // C's printf rounds an exact half to even
  });
});
