import { type Handle, Runtime } from "@heaplab/runtime";
import fc from "fast-check";
import { describe, it } from "vitest";
import { createRefcountStrategy } from "../src/index";
import { checkRegisters, Model, programArb, REGS, step } from "./mutator-model";

describe("refcount: random mutator programs against a model of reference counting", () => {
  it("after every step: rt.verify() holds, the registers match the model, and exactly the model's live objects are alive", () => {
    fc.assert(
      fc.property(programArb(40, false), (program) => {
        const rt = new Runtime(createRefcountStrategy(), { heapLimit: 32 << 20 });
        const Obj = rt.types.register({ name: "Obj", kind: "instance", weakrefable: true });
        const R: Handle[] = Array.from({ length: REGS }, () => rt.persistent());
        const base = rt.stats().liveObjects;
        const m = new Model();
        for (const op of program) {
          step(rt, m, R, op, Obj, () => {});
          rt.verify();
          checkRegisters(rt, m, R, true);
          const live = rt.stats().liveObjects - base;
          if (live !== m.liveCount())
            throw new Error(`${live} objects alive, the model has ${m.liveCount()}`);
        }
      }),
      { numRuns: 150 },
    );
  });
});
