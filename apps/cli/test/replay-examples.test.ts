import { loadTrace, parseTrace, replayTrace } from "@heaplab/trace";
import { describe, expect, it } from "vitest";
import { catalog } from "../src/catalog";
import { calibrateEmptyTupleRefs, compareWithReferee, MORE, sharedExamples } from "./referee";

const examples = sharedExamples();
const more = sharedExamples(MORE);
const hasCpython = catalog.names().includes("cpython-3.11");
const emptyTupleRefs = calibrateEmptyTupleRefs();

describe("the shared trace examples against CPython 3.11.7's recorded results", () => {
  /**
   * Replays `list` under cpython-3.11 with the recorded baselines, the verifier at the end of each trace
   * and after every `verifyEvery`-th op (0: never), and compares with the referee's comparer.
   */
  const matchesCpython = (list: typeof examples, verifyEvery: number) => {
    const entry = catalog.get("cpython-3.11");
    const actual = list.map((ex) =>
      replayTrace(loadTrace(ex.path), {
        createStrategy: () => entry.create({}),
        baseline: ex.expected.baseline as number,
        emptyTupleRefs,
        afterRun: (rt) => rt.verify(),
        afterOp: (rt, i) => {
          if (verifyEvery > 0 && i % verifyEvery === verifyEvery - 1) rt.verify();
        },
      }),
    );
    const { passed, failed, report } = compareWithReferee(
      list.map((e) => e.expected),
      actual,
      ["--quiet"],
    );
    expect(report.split("\n").filter((l) => l.startsWith("FAIL"))).toEqual([]);
    expect({ passed, failed }).toEqual({ passed: list.length, failed: 0 });
  };

  it.skipIf(!hasCpython)(
    "cpython-3.11 gives exactly CPython's observations, stats, garbage and final graph",
    // The whole heap, ~11,000 baseline objects included, after every 5th op and at the end.
    () => matchesCpython(examples, 5),
    300_000,
  );

  it.skipIf(!hasCpython)(
    "cpython-3.11 gives exactly CPython's results on the harder traces (100k chains, the trashcan, freeze/unfreeze, thresholds, string singletons, thousands of registers, big ints)",
    // The verifier at the end only: after every op it would walk 100,000-object heaps 200,000 times.
    () => matchesCpython(more, 0),
    300_000,
  );

  const plain = examples.filter((ex) => {
    const ops = (JSON.parse(JSON.stringify(loadTrace(ex.path).ops)) as unknown[][]).map((o) => o[0]);
    return !ops.some((o) => o === "weakref" || o === "fin" || o === "resurrect");
  });

  for (const name of catalog.names()) {
    it(`${name}: the final object graph equals CPython's on every example without weak references or finalizers`, () => {
      const entry = catalog.get(name);
      const actual = plain.map((ex) =>
        replayTrace(loadTrace(ex.path), { createStrategy: () => entry.create({}) }),
      );
      actual.forEach((r, k) => {
        expect(r.final, plain[k]!.name).toEqual(plain[k]!.expected.final);
      });
    });
  }

  // A finalizer queued by the last collection (tracing strategies run them on a finalizer "thread", at
  // the next safepoint) still runs before the result is taken: its resurrection is in the final graph.
  const resurrecting = parseTrace({
    format: "heaplab-trace/1",
    name: "resurrect-at-end",
    registers: 2,
    ops: [
      ["fin", 0, "a", []],
      ["resurrect", "a", 1],
      ["del", 0],
      ["collect", 2],
    ],
  });
  for (const name of catalog.names().filter((n) => n !== "none")) {
    it(`${name}: finalizers pending at the end of a trace run before the final graph is taken`, () => {
      const r = replayTrace(resurrecting, { createStrategy: () => catalog.get(name).create({}) });
      expect(r.final).toEqual([null, ["fin", 0, "a", [null, null, null, null]]]);
    });
  }
});
