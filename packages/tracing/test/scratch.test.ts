import { Runtime } from "@heaplab/runtime";
import { expect, it } from "vitest";
import { createMarkCompact, createMarkSweep, createSemiSpace } from "../src/index";

for (const make of [
  () => createMarkSweep({ settings: { "min-heap": 1 << 16 } }),
  () => createSemiSpace({ settings: { "semispace-bytes": 1 << 16 } }),
  () => createMarkCompact({ settings: { "region-bytes": 1 << 16 } }),
]) {
  it(`scratch ${make().name}`, () => {
    const rt = new Runtime(make(), { heapLimit: 32 << 20 });
    const keep = rt.persistent(rt.newList());
    const d = rt.persistent(rt.newDict());
    for (let i = 0; i < 20000; i++) {
      rt.scope(() => {
        const t = rt.newTuple([rt.newInt(i), rt.newStr(`s${i}`)]);
        if (i % 10 === 0) rt.append(keep, t);
        if (i % 100 === 0) rt.dictSet(d, rt.newStr(`k${i}`), t);
      });
    }
    rt.verify();
    expect(rt.len(keep)).toBe(2000);
    expect(rt.stats().collections[0]).toBeGreaterThan(0);
    rt.collect();
    rt.verify();
    rt.scope(() => expect(rt.intValue(rt.getItem(rt.getItem(keep, 5), 0))).toBe(50));
    rt.scope(() => expect(rt.intValue(rt.getItem(rt.dictGet(d, rt.newStr("k500")), 0))).toBe(500));
  });
}
