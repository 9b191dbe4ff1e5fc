import { Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { type CPythonStrategy, cpythonStrategies } from "../src";

/**
 * What each `cpython-3.x` strategy does differently, through the mutator API: the facts its profile
 * states (each measured on that CPython) must show up in behaviour, not only in the profile's data.
 */
function make(name: string): { rt: Runtime; s: CPythonStrategy } {
  const entry = cpythonStrategies.find((e) => e.name === name)!;
  const rt = new Runtime(entry.create({}));
  return { rt, s: rt.strategy as CPythonStrategy };
}

/** Allocates lists until generation 0 passes its threshold (collection disabled until then). */
function crossThreshold(rt: Runtime, s: CPythonStrategy): void {
  s.gc.setThreshold(5);
  s.gc.collect();
  s.gc.enable();
  rt.scope(() => {
    for (let i = 0; i < 6; i++) rt.persistent(rt.newList());
  });
}

describe("CPython version profiles in behaviour", () => {
  it("names, thresholds and the objects frozen at start are each version's", () => {
    const seen = cpythonStrategies.map((e) => {
      const { s } = make(e.name);
      return [s.name, s.gc.getThreshold(), s.gc.getFreezeCount()];
    });
    expect(seen).toEqual([
      ["cpython-3.11", [700, 10, 10], 0],
      ["cpython-3.12", [700, 10, 10], 375],
      ["cpython-3.13", [2000, 10, 10], 0],
    ]);
  });

  it("3.11 collects inside the allocation that crosses threshold 0; 3.12 and 3.13 at the next eval-breaker check", () => {
    const when = cpythonStrategies.map((e) => {
      const { rt, s } = make(e.name);
      rt.evalBreakerAtAllocation = false;
      const before = s.collectionCounts()[0]!;
      crossThreshold(rt, s);
      const afterAlloc = s.collectionCounts()[0]! - before;
      rt.evalBreaker();
      return [afterAlloc, s.collectionCounts()[0]! - before];
    });
    expect(when).toEqual([
      [1, 1],
      [0, 1],
      [0, 1],
    ]);
  });

  it("a collection scheduled before gc.disable() runs on 3.12 (its _Py_RunGC ignores enabled) and not on 3.13", () => {
    const ran = ["cpython-3.12", "cpython-3.13"].map((name) => {
      const { rt, s } = make(name);
      rt.evalBreakerAtAllocation = false;
      const before = s.collectionCounts()[0]!;
      crossThreshold(rt, s);
      s.gc.disable();
      rt.evalBreaker();
      return s.collectionCounts()[0]! - before;
    });
    expect(ran).toEqual([1, 0]);
  });

  it("immortal objects keep their refcount from 3.12 on; 3.11's statics are counted", () => {
    const counts = cpythonStrategies.map((e) => {
      const { rt } = make(e.name);
      const a = rt.newTuple([]);
      const before = rt.refcount(a)!;
      const b = rt.newTuple([]);
      return [before, rt.refcount(b)! - before];
    });
    expect(counts[1]).toEqual([4_294_967_295, 0]);
    expect(counts[2]).toEqual([4_294_967_295, 0]);
    expect(counts[0]![1]).toBe(1);
    expect(counts[0]![0]).toBeLessThan(2 ** 31);
  });

  it("a full collection after gc.unfreeze() puts 3.12's immortal containers back in the permanent generation", () => {
    const { rt, s } = make("cpython-3.12");
    s.gc.unfreeze();
    expect(s.gc.getFreezeCount()).toBe(0);
    expect(s.gc.getObjects(2).length).toBe(375);
    s.gc.collect();
    expect(s.gc.getFreezeCount()).toBe(375);
    rt.verify();
  });
});
