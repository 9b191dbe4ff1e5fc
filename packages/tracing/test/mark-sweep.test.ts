import { Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createMarkSweep } from "../src/index";

describe("mark-sweep (lazy sweep)", () => {
  it("counts no dead bytes as used right after an explicit collection", () => {
    // The oracle: the same numbers once the sweep is certainly finished (verify walks the heap, which
    // completes any pending sweep). The 10M-operation soak once read "live bytes grew 12.6%" from dead
    // objects a lazy sweep had not reached yet.
    const rt = new Runtime(createMarkSweep({ settings: { "min-heap": 1 << 16 } }), { heapLimit: 64 << 20 });
    const keep = rt.persistent(rt.scope(() => rt.newList()));
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 3000; i++)
        rt.scope(() => {
          const t = rt.newTuple([rt.newInt(i), rt.newBytes(40 + (i % 9))]);
          if (i % 10 === round) rt.append(keep, t);
        });
      rt.collect();
      const after = rt.stats();
      rt.verify();
      expect(after.usedBytes).toBe(rt.stats().usedBytes);
      expect(after.liveObjects).toBe(rt.stats().liveObjects);
    }
  });
});
