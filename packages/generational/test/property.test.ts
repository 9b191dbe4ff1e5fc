import { type Handle, Runtime } from "@heaplab/runtime";
import fc from "fast-check";
import { describe, it } from "vitest";
import { checkRegisters, Model, programArb, REGS, step } from "../../refcount/test/mutator-model";
import { createCPythonStrategy } from "../src/index";

describe("cpython-3.11: random mutator programs against a model", () => {
  it("after every step: rt.verify() holds (refcounts and generation lists); live objects lie between the reachable ones and what counting alone keeps; a full collection leaves exactly the reachable ones", () => {
    fc.assert(
      fc.property(programArb(40, true), fc.integer({ min: 1, max: 12 }), (program, threshold) => {
        const s = createCPythonStrategy();
        const rt = new Runtime(s, { heapLimit: 32 << 20 });
        s.gc.setThreshold(threshold, 2, 2); // automatic collections inside allocations, often
        const Obj = rt.types.register({ name: "Obj", kind: "instance", weakrefable: true });
        const R: Handle[] = Array.from({ length: REGS }, () => rt.persistent());
        s.gc.collect();
        const base = rt.stats().liveObjects;
        const m = new Model();
        for (const op of program) {
          step(rt, m, R, op, Obj, (g) => rt.collect(g));
          rt.verify();
          checkRegisters(rt, m, R, false);
          const live = rt.stats().liveObjects - base;
          const reachable = m.reachable().size;
          if (live < reachable || live > m.liveCount())
            throw new Error(`${live} objects alive; reachable ${reachable}, counting keeps ${m.liveCount()}`);
        }
        rt.collect(2);
        m.collectAll();
        rt.verify();
        checkRegisters(rt, m, R, true);
        const live = rt.stats().liveObjects - base;
        if (live !== m.reachable().size)
          throw new Error(`${live} alive after a full collection; ${m.reachable().size} reachable`);
      }),
      { numRuns: 150 },
    );
  });
});
