import { GcDebug, type Handle, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createCPythonStrategy } from "../src/index";

describe("a collection inside the allocation that crossed the threshold (_PyObject_GC_Link)", () => {
  it("runs before the new object is initialised or tracked: it is not in generation 0 during its own collection", () => {
    const s = createCPythonStrategy();
    const rt = new Runtime(s, { heapLimit: 64 << 20 });
    const gc = s.gc;
    gc.collect();
    gc.setThreshold(5);
    const seen: { count: number[]; gen0: number; tracked: number }[] = [];
    const lines: string[] = [];
    rt.events.on((e) => {
      if (e.type === "log") lines.push(e.text);
    });
    gc.callbacks.push((phase) => {
      if (phase === "start")
        seen.push({ count: gc.getCount(), gen0: gc.getObjects(0).length, tracked: gc.getObjects().length });
    });
    gc.setDebug(GcDebug.STATS);
    const lists: Handle[] = [];
    rt.scope(() => {
      for (let i = 0; i < 6; i++) lists.push(rt.newList());
      // Scenario 22: the start callback sees count0 = threshold + 1, the new object already counted...
      expect(seen.map((x) => x.count)).toEqual([[6, 0, 0]]);
      // ...but neither initialised nor tracked: generation 0 holds the five older lists only.
      expect(seen[0]!.gen0).toBe(5);
      expect(lines).toContain("gc: objects in each generation: 5 0 0");
      // After the allocation the new list is tracked alone in generation 0; the five moved to generation 1.
      const last = rt.addressOf(lists[5]!);
      expect(gc.getObjects(0)).toEqual([last]);
      expect(gc.getObjects(1).length).toBe(5);
      // The increment came before the collection, which then zeroed count0 (§4.3): (0, 1, 0).
      expect(gc.getCount()).toEqual([0, 1, 0]);
      rt.verify();
    });
    rt.verify();
  });
});
