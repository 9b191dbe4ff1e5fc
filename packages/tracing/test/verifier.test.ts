import { HeapCorruptionError } from "@heaplab/runtime";
import { LIST_ITEMS } from "@heaplab/runtime/internals";
import { describe, expect, it } from "vitest";
import { smallStrategies, verifiedRuntime } from "./helpers";

describe.each(Object.keys(smallStrategies))("%s: the verifier", (name) => {
  const make = smallStrategies[name]!;

  it("passes after every collection of a churning workload that keeps a tree alive", () => {
    const { rt, collections } = verifiedRuntime(make);
    const keep = rt.persistent(rt.newList());
    for (let i = 0; i < 6000; i++) {
      rt.scope(() => {
        const t = rt.newTuple([rt.newInt(i * 7), rt.newStr(`v${i}`), rt.newList([rt.newFloat(i / 2)])]);
        if (i % 7 === 0) rt.append(keep, t);
        const d = rt.newDict([[rt.newStr(`k${i}`), t]]);
        if (i % 50 === 0) rt.append(keep, d);
      });
    }
    expect(collections()).toBeGreaterThan(2);
    rt.collect();
    rt.verify();
    // Every kept value reads back as written (an independent oracle: the loop's own arithmetic).
    rt.scope(() => {
      let j = 0;
      for (let i = 0; i < 6000; i++) {
        if (i % 7 === 0) {
          const t = rt.getItem(keep, j++);
          expect(rt.intValue(rt.getItem(t, 0))).toBe(i * 7);
          expect(rt.strValue(rt.getItem(t, 1))).toBe(`v${i}`);
          expect(rt.floatValue(rt.getItem(rt.getItem(t, 2), 0))).toBe(i / 2);
        }
        if (i % 50 === 0) {
          const d = rt.getItem(keep, j++);
          expect(rt.intValue(rt.getItem(rt.dictGet(d, rt.newStr(`k${i}`)), 0))).toBe(i * 7);
        }
      }
    });
  });

  it("fails when a reference points at memory a collection freed (or evacuated)", () => {
    const { rt } = verifiedRuntime(make);
    const keep = rt.persistent(rt.newList([rt.newInt(1)]));
    // The address of an object that dies in the next collection.
    let stale = 0;
    rt.scope(() => {
      stale = rt.addressOf(rt.newTuple([rt.newStr("doomed"), rt.newInt(123456)]));
    });
    rt.collect();
    rt.verify();
    const items = rt.memory.u32[(rt.addressOf(keep) + LIST_ITEMS) >>> 2]!;
    rt.memory.u32[items >>> 2] = stale; // corrupt: bypasses the barrier on purpose
    expect(() => rt.strategy.verify()).toThrow(HeapCorruptionError);
    expect(() => rt.strategy.verify()).toThrow(/free or from-space memory/);
  });

  it("fails when a header carries a mark bit outside a collection", () => {
    const { rt } = verifiedRuntime(make);
    const h = rt.persistent(rt.newStr("x"));
    rt.memory.u32[(rt.addressOf(h) - 4) >>> 2]! |= 1;
    expect(() => rt.strategy.verify()).toThrow(/collection state/);
  });
});
