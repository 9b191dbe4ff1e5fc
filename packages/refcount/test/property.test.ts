import fc from "fast-check";
import { describe, it } from "vitest";
import { checkCounting, programArb, Runner } from "../../runtime/test/support/mutator-model";
import { createRefcountStrategy } from "../src/index";

describe("refcount: random mutator programs against the shared mutator model", () => {
  it("after every step: rt.verify() holds, every read matches the model, and exactly the containers and instances counting keeps are alive", () => {
    fc.assert(
      fc.property(programArb(40), (program) => {
        const r = new Runner(createRefcountStrategy);
        for (const op of program) {
          r.step(op);
          r.rt.verify();
          r.checkAll("the step");
          checkCounting(r, "exact");
        }
        r.finish();
      }),
      { numRuns: 150 },
    );
  });
});
