import { Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createCPythonStrategy } from "../src/index";

/**
 * heaplab folds `untrack_tuples` into the collection's first `move_unreachable` walk (see
 * `steps/move-unreachable.ts`); these are the orders in which CPython 3.11.7 untracks, measured with
 * python3 (the script is in each test's comment), so the fold must reproduce them exactly.
 */
describe("untrack_tuples runs over the survivors in their final list order", () => {
  function fresh() {
    const s = createCPythonStrategy();
    const rt = new Runtime(s, { heapLimit: 64 << 20 });
    s.gc.disable();
    s.gc.collect();
    return { rt, gc: s.gc };
  }

  it("an inner tuple held only by its outer tuple moves behind it: the outer waits one more collection", () => {
    // a=1; b=2; inner=(a, b); outer=(inner, a); del inner
    // gc.collect(0) -> outer tracked, inner untracked; gc.collect(1) -> both untracked
    const { rt, gc } = fresh();
    rt.scope(() => {
      const outer = rt.scope(() => {
        const inner = rt.newTuple([rt.newInt(1), rt.newInt(2)]);
        return rt.newTuple([inner, rt.newInt(1)]);
      });
      const innerAddr = () => rt.memory.u32[(rt.addressOf(outer) + 16) >>> 2]!;
      const state = () => [gc.isTracked(rt.addressOf(outer)), gc.isTracked(innerAddr())];
      const r = [state()];
      gc.collect(0);
      r.push(state());
      gc.collect(1);
      r.push(state());
      expect(r).toEqual([
        [true, true],
        [true, false],
        [false, false],
      ]);
    });
    rt.verify();
  });

  it("an inner tuple that is also held from outside stays ahead: both go in the same collection", () => {
    // a=1; b=2; inner=(a, b); outer=(inner, a)
    // gc.collect(0) -> both untracked
    const { rt, gc } = fresh();
    rt.scope(() => {
      const inner = rt.newTuple([rt.newInt(1), rt.newInt(2)]);
      const outer = rt.newTuple([inner, rt.newInt(1)]);
      gc.collect(0);
      expect([gc.isTracked(rt.addressOf(outer)), gc.isTracked(rt.addressOf(inner))]).toEqual([false, false]);
    });
    rt.verify();
  });
});
