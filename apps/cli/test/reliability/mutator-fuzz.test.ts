import fc from "fast-check";
import { describe, it } from "vitest";
import { programArb, runProgram } from "../../../../packages/runtime/test/support/mutator-model";
import { catalog } from "../../src/catalog";

/**
 * Issue 8: random mutator programs under every strategy, checked against the model after every read
 * and every collection (see packages/runtime/test/support/mutator-model.ts). A failure prints the shrunk program: add it to
 * regressions.test.ts under a name that says what broke.
 */
describe.each(catalog.names())("mutator fuzzing under %s", (name) => {
  it("every read equals the model and the heap verifies after every collection", () => {
    fc.assert(
      fc.property(programArb(60), (ops) => {
        runProgram(catalog.get(name).create, ops);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) },
    );
  });
});
