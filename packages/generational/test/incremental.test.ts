import { Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createCPython314Strategy } from "../src/index";

/** A runtime under cpython-3.14 with `baseline` rooted and `unrooted` unrooted inert objects. */
function make(baseline = 0, unrooted = 0) {
  const s = createCPython314Strategy({ settings: { baseline, unrootedBaseline: unrooted } });
  const rt = new Runtime(s, { heapLimit: 64 << 20 });
  s.gc.disable();
  return { s, rt, gc: s.gc, c: s.collector };
}

describe("cpython-3.14: the incremental collector (3.14.0–3.14.4, as 3.14.2 runs it)", () => {
  it("reports 3.14's thresholds and an empty generation 1", () => {
    const { gc, rt } = make();
    expect(gc.getThreshold()).toEqual([2000, 10, 0]);
    rt.scope(() => {
      rt.newList();
      expect(gc.getObjects(1)).toEqual([]);
      expect(gc.getObjects(0).length).toBe(1);
    });
  });

  it("counts tracked objects: a tuple of ints is never tracked, a dict always is", () => {
    const { gc, rt } = make();
    gc.collect();
    rt.scope(() => {
      const t = rt.newTuple([rt.newInt(1_000_000), rt.newInt(7)]);
      expect(gc.isTracked(rt.addressOf(t))).toBe(false);
      expect(gc.getCount()).toEqual([0, 0, 0]);
      const d = rt.newDict();
      expect(gc.isTracked(rt.addressOf(d))).toBe(true);
      const u = rt.newTuple([t]);
      // an item of a GC type (even an untracked tuple) makes the new tuple tracked
      expect(gc.isTracked(rt.addressOf(u))).toBe(true);
      expect(gc.getCount()).toEqual([2, 0, 0]);
    });
    // both died: untracking counted young down again
    expect(gc.getCount()).toEqual([0, 0, 0]);
    rt.verify();
  });

  it("the first increment after a full collection only marks; later ones stay idle until the mark is paid off", () => {
    const { gc, rt, c } = make(500, 40);
    gc.collect();
    expect(c.phase).toBe("mark");
    rt.scope(() => {
      const a = rt.newList();
      rt.append(a, a);
    });
    expect(gc.collect(1)).toBe(0); // MARK: nothing collected, no statistics
    expect(c.phase).toBe("collect");
    expect(gc.getStats()[1]!.collections).toBe(0);
    // the ~500 rooted objects were marked, and the mark counts twice against the work owed
    expect(c.workToDo).toBeLessThan(-2 * 500 + 10);
    rt.scope(() => {
      const b = rt.newList();
      rt.append(b, b);
    });
    expect(gc.collect(1)).toBe(0); // idle: young (the two self-cycles) is left as it is
    expect(gc.getObjects(0).length).toBe(2);
    expect(gc.collect(2)).toBe(2);
    expect(c.phase).toBe("mark");
    rt.verify();
  });

  it("an increment that owes work collects young and pulls pending cycles in whole", () => {
    const { gc, rt, c } = make(0, 0);
    gc.collect();
    gc.collect(1); // mark (nothing rooted beyond the registers: work_to_do stays near 0)
    rt.scope(() => {
      const a = rt.newList();
      rt.append(a, a);
    });
    c.workToDo = 100;
    expect(gc.collect(1)).toBe(1);
    expect(gc.getStats()[1]!.collections).toBe(1);
    rt.verify();
  });

  it("a young collection moves survivors to the visited space and counts it there", () => {
    const { gc, rt } = make();
    gc.collect();
    rt.scope(() => {
      const keep = rt.persistent(rt.newList());
      rt.append(keep, rt.newList());
      expect(gc.collect(0)).toBe(0);
      expect(gc.getCount()).toEqual([0, 1, 0]);
      expect(gc.getObjects(2).length).toBe(2);
    });
    rt.verify();
  });

  it("freeze moves every space to the permanent generation, marked visited; unfreeze gives them to the visited space", () => {
    const { gc, rt } = make(10, 5);
    gc.collect();
    rt.scope(() => {
      rt.persistent(rt.newList());
      gc.freeze();
      expect(gc.getObjects().length).toBe(0);
      expect(gc.getFreezeCount()).toBe(16);
      rt.verify(); // the space invariant holds with everything frozen
      gc.unfreeze();
      expect(gc.getObjects(2).length).toBe(16);
      rt.verify();
    });
  });

  it("an automatic increment waits for the eval-breaker check", () => {
    const { gc, rt, c } = make();
    gc.collect();
    gc.setThreshold(3, 10, 0);
    gc.enable();
    const starts: number[] = [];
    gc.callbacks.push((phase, info) => {
      if (phase === "start") starts.push(info.generation);
    });
    rt.scope(() => {
      for (let i = 0; i < 4; i++) rt.persistent(rt.newList());
      expect(c.scheduled).toBe(true);
      expect(starts).toEqual([]);
      rt.evalBreaker();
      expect(starts).toEqual([1]); // automatic collections are increments, reported as generation 1
      expect(gc.getCount()[0]).toBe(0);
    });
    rt.verify();
  });
});
