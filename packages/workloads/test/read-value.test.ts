import { createNoneStrategy, Runtime } from "@heaplab/runtime";
import { describe, expect, it } from "vitest";
import { createWorkloadContext, getWorkload, readValue } from "../src/index";

function fresh(): Runtime {
  return new Runtime(createNoneStrategy({ heapLimit: 64 << 20 }), { heapLimit: 64 << 20 });
}

describe("readValue", () => {
  it("returns the value and never escapes a live handle whose number equals it", () => {
    const rt = fresh();
    const outer = rt.openScope();
    const h = rt.newInt(7);
    // The value read is the handle's own number: rt.scope would take it for a handle and escape it.
    const inner = rt.openScope();
    expect(readValue(rt, () => h)).toBe(h);
    rt.closeScope(inner);
    rt.closeScope(outer);
    expect(rt.handles.isValid(h)).toBe(false);
    rt.verify();
  });

  // The workloads that read values in a scope: every handle they made is gone when their scope closes,
  // so no object outlives the program behind a stray root (the "leaked" float and int of csv-generator).
  for (const [name, params] of [
    ["csv-generator", { rows: 20000 }],
    ["csv-load-all", { rows: 20000 }],
    ["csv-chunks", { rows: 20000, chunkRows: 100 }],
    ["del-resources", { iterations: 2000 }],
  ] as const) {
    it(`${name} leaves no handle behind`, () => {
      const rt = fresh();
      const before = rt.handles.live;
      const ctx = createWorkloadContext(rt);
      const mark = rt.openScope();
      const w = getWorkload(name);
      w.run(rt, { ...w.params, ...params }, ctx);
      rt.closeScope(mark);
      ctx.releaseGlobals();
      expect(rt.handles.live).toBe(before);
    });
  }
});
