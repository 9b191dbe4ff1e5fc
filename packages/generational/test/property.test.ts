import fc from "fast-check";
import { describe, it } from "vitest";
import { checkCounting, programArb, Runner } from "../../runtime/test/support/mutator-model";
import { type CPythonStrategy, createCPythonStrategy } from "../src/index";

describe("cpython-3.11: random mutator programs against the shared mutator model", () => {
  it("after every step: rt.verify() holds (refcounts and generation lists), every read matches the model, and the containers and instances alive lie between the reachable ones and what counting alone keeps; a full collection leaves exactly the reachable ones", () => {
    fc.assert(
      fc.property(programArb(40), fc.integer({ min: 1, max: 12 }), (program, threshold) => {
        const r = new Runner(createCPythonStrategy);
        // Automatic collections inside allocations, often (the gc module exists once attached).
        (r.rt.strategy as CPythonStrategy).gc.setThreshold(threshold, 2, 2);
        for (const op of program) {
          r.step(op);
          r.rt.verify();
          r.checkAll("the step");
          checkCounting(r, "bounds");
        }
        r.finish(); // two full collections: every unreachable weak target dead, every Fin finalized
        checkCounting(r, "reachable");
      }),
      { numRuns: 150 },
    );
  });
});
