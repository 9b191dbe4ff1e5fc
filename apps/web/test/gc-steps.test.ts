import { Runtime } from "@heaplab/runtime";
import { createWorkloadContext, getWorkload, type Params } from "@heaplab/workloads";
import { describe, expect, it } from "vitest";
import { catalog } from "../src/catalog";
import { gcSteps } from "../src/lab/gc-steps";
import { captureCollections } from "../src/record/collection-snapshot";

function snapshots(workload: string, params: Params) {
  const rt = new Runtime(catalog.get("cpython-3.11").create({ heapLimit: 64 << 20 }), {
    heapLimit: 64 << 20,
  });
  let events = 0;
  const snaps = captureCollections(rt, () => events, { maxObjects: 5000 });
  const w = getWorkload(workload);
  const mark = rt.openScope();
  w.run(rt, { ...w.params, ...params }, createWorkloadContext(rt));
  rt.closeScope(mark);
  rt.collect(2);
  events++;
  snaps.stop();
  return { rt, list: snaps.list };
}

describe("the step-by-step collection against CPython's collector", () => {
  for (const [workload, params] of [
    ["list-cycle", { count: 600 }],
    ["node-cycle", { count: 600 }],
    ["leak-global-cache", { iterations: 300 }],
  ] as const)
    it(`${workload}: update_refs, subtract_refs and move_unreachable find what gc_collect_main collected`, () => {
      const { list } = snapshots(workload, params);
      expect(list.length).toBeGreaterThan(0);
      let withGarbage = 0;
      for (const s of list) {
        const st = gcSteps(s);
        // gc_refs start at the reference counts and only go down, never below zero.
        for (let i = 0; i < s.refcounts.length; i++) {
          expect(st.afterUpdate[i]).toBe(s.refcounts[i]);
          expect(st.afterSubtract[i]).toBeGreaterThanOrEqual(0);
          expect(st.afterSubtract[i]).toBeLessThanOrEqual(st.afterUpdate[i]!);
        }
        expect(st.unreachable, `collection ${s.index + 1} of generation ${s.generation}`).toBe(s.collected);
        if (s.collected > 0) withGarbage++;
      }
      if (workload !== "leak-global-cache") expect(withGarbage).toBeGreaterThan(0);
    });

  it("captures nothing under a strategy without CPython's gc module", () => {
    const rt = new Runtime(catalog.get("jvm-serial").create({ heapLimit: 64 << 20 }), {
      heapLimit: 64 << 20,
    });
    const snaps = captureCollections(rt, () => 0);
    rt.collect(1);
    expect(snaps.list).toEqual([]);
  });
});
