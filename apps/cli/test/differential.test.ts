import { loadTrace, replayTrace } from "@heaplab/trace";
import { describe, expect, it } from "vitest";
import { catalog } from "../src/catalog";
import {
  calibrateEmptyTupleRefs,
  compareWithReferee,
  differentialSpecs,
  failuresWithSeeds,
  generateTraces,
  refereeResults,
} from "./referee";

/**
 * The differential test: fresh random traces from the referee's generator, every mix, with and
 * without automatic collection, replayed on the real CPython and on heaplab; zero differences allowed.
 * HEAPLAB_DIFF_TRACES sets how many (default 200); HEAPLAB_DIFF_SEED the first seed (default: a new one
 * each day, so CI keeps meeting traces nobody has seen).
 */
const COUNT = Number(process.env.HEAPLAB_DIFF_TRACES ?? 200);
const FIRST_SEED = Number(
  process.env.HEAPLAB_DIFF_SEED ?? 1000 + (Math.floor(Date.now() / 86_400_000) % 100_000) * 1000,
);
const hasCpython = catalog.names().includes("cpython-3.11");
const VERIFY_EVERY_OP_OF = Number(process.env.HEAPLAB_DIFF_VERIFY_EVERY_OP_OF ?? 10);

describe(`differential: ${COUNT} random traces from seed ${FIRST_SEED} against the real python3`, () => {
  const traces = generateTraces(differentialSpecs(COUNT, FIRST_SEED));
  const expected = refereeResults(traces.map((t) => t.path));
  const emptyTupleRefs = calibrateEmptyTupleRefs();

  it.skipIf(!hasCpython)(
    "cpython-3.11 matches CPython exactly, with the verifier checking the heap along the way",
    () => {
      const entry = catalog.get("cpython-3.11");
      // The verifier walks the whole heap, the referee's ~11,000 baseline objects included: after every
      // op for one trace in VERIFY_EVERY_OP_OF, every 10th op and at the end for the rest.
      const actual = traces.map((t, k) =>
        replayTrace(loadTrace(t.path), {
          createStrategy: () => entry.create({}),
          baseline: expected[k]!.baseline as number,
          emptyTupleRefs,
          afterRun: (rt) => rt.verify(),
          afterOp: (rt, i) => {
            if (k % VERIFY_EVERY_OP_OF === 0 || i % 10 === 9) rt.verify();
          },
        }),
      );
      const { passed, failed, report } = compareWithReferee(expected, actual, ["--quiet"]);
      const failures = failuresWithSeeds(report, traces);
      expect(failures).toEqual([]);
      expect({ passed, failed }).toEqual({ passed: COUNT, failed: 0 });
    },
    900_000,
  );

  // The exactness run above checks the heap every 10th op because the referee's ~11,000 baseline
  // objects make each check slow. Heap consistency does not need them (they only feed CPython's 25%
  // rule), so here every trace runs again without a baseline and the verifier checks every op:
  // refcounts equal the references that point at each object, generation lists hold exactly the
  // tracked objects, and every reference points at a live object.
  for (const name of ["cpython-3.11", "refcount"].filter((n) => catalog.names().includes(n))) {
    it(`${name}: the verifier passes after every op of every trace`, () => {
      const entry = catalog.get(name);
      let verified = 0;
      for (const t of traces) {
        replayTrace(loadTrace(t.path), {
          createStrategy: () => entry.create({}),
          emptyTupleRefs,
          afterOp: (rt) => {
            rt.verify();
            verified++;
          },
        });
      }
      expect(verified).toBeGreaterThan(COUNT * 150);
    }, 900_000);
  }

  for (const name of catalog.names().filter((n) => n !== "cpython-3.11")) {
    it(`${name}: the final graph equals CPython's on every trace without weak references or finalizers`, () => {
      const entry = catalog.get(name);
      let checked = 0;
      traces.forEach((t, k) => {
        const trace = loadTrace(t.path);
        if (trace.ops.some((o) => o[0] === "weakref" || o[0] === "fin" || o[0] === "resurrect")) return;
        const r = replayTrace(trace, { createStrategy: () => entry.create({}) });
        expect(r.final, t.args).toEqual(expected[k]!.final);
        checked++;
      });
      expect(checked).toBeGreaterThan(COUNT / 5);
    });
  }
});
