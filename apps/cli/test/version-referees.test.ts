import { loadTrace, replayTrace, type TraceResult } from "@heaplab/trace";
import { describe, expect, it } from "vitest";
import { catalog } from "../src/catalog";
import {
  compareWithReferee,
  differentialSpecs,
  findReferee,
  generateTraces,
  refereeResults,
  storedExamples,
} from "./referee";

/**
 * `cpython-3.12` and `cpython-3.13` against their own interpreters, as `replay-examples.test.ts` and
 * `differential.test.ts` check `cpython-3.11` against python3:
 *
 * - the shared examples and the harder `more/` traces against the referee's results stored in
 *   `fixtures/referee-results/<version>/` (deterministic: runs on any machine);
 * - the stored results against the live interpreter, when the machine has it (they must not go stale);
 * - fresh random traces from the referee's generator, every mix, with and without automatic collection,
 *   replayed by the live interpreter and by heaplab: zero differences. HEAPLAB_VERSION_DIFF_TRACES sets
 *   how many per version (default 100), HEAPLAB_DIFF_SEED the first seed (default: a new one each day).
 *
 * The interpreters are found by `findReferee` (HEAPLAB_PYTHON_3_12, pyenv, ~/.pyenv/versions, PATH).
 * Where one is missing the live checks are skipped with a warning that says so.
 */
const COUNT = Number(process.env.HEAPLAB_VERSION_DIFF_TRACES ?? 100);
const FIRST_SEED = Number(
  process.env.HEAPLAB_DIFF_SEED ?? 1000 + (Math.floor(Date.now() / 86_400_000) % 100_000) * 1000,
);

/** Replays `traces` under `strategy` with each expected result's baseline and compares with the referee's comparer. */
function compareAll(
  strategy: string,
  traces: { path: string; expected: Record<string, unknown> }[],
  verify: boolean,
): { passed: number; failed: number; failures: string[] } {
  const entry = catalog.get(strategy);
  const actual = traces.map((t) =>
    replayTrace(loadTrace(t.path), {
      createStrategy: () => entry.create({}),
      baseline: t.expected.baseline as number,
      // `()` is immortal from 3.12: references to it are not counted, so the interpreter's do not show
      emptyTupleRefs: 0,
      ...(verify ? { afterRun: (rt) => rt.verify() } : {}),
    }),
  );
  const { passed, failed, report } = compareWithReferee(
    traces.map((t) => t.expected),
    actual as TraceResult[],
    ["--quiet"],
  );
  return { passed, failed, failures: report.split("\n").filter((l) => l.startsWith("FAIL")) };
}

for (const release of ["3.12.1", "3.13.0"]) {
  const referee = findReferee(release);
  const strategy = `cpython-${referee.version}`;
  const live = referee.python !== null;
  if (!live)
    console.warn(
      `\n!!! CPython ${release} is NOT on this machine (looked at ${referee.searched}): ${strategy} is checked only against the stored results, not against a live interpreter. Install it with \`pyenv install ${release}\`.\n`,
    );

  describe(`${strategy} against CPython ${referee.release}${live ? ` (${referee.python})` : " (stored results only)"}`, () => {
    const examples = storedExamples(referee.version, "examples");
    const more = storedExamples(referee.version, "more");

    it(`gives exactly CPython ${referee.version}'s observations, stats, garbage and final graph on the shared examples`, () => {
      const r = compareAll(strategy, examples, true);
      expect(r.failures).toEqual([]);
      expect({ passed: r.passed, failed: r.failed }).toEqual({ passed: examples.length, failed: 0 });
    }, 300_000);

    it(`gives exactly CPython ${referee.version}'s results on the harder traces (more/)`, () => {
      const r = compareAll(strategy, more, true);
      expect(r.failures).toEqual([]);
      expect({ passed: r.passed, failed: r.failed }).toEqual({ passed: more.length, failed: 0 });
    }, 300_000);

    it.skipIf(!live)(
      `the stored results are what CPython ${referee.release} prints today`,
      () => {
        const sample = [...examples, ...more.filter((_, k) => k % 4 === 0)];
        const fresh = refereeResults(
          sample.map((e) => e.path),
          referee.python!,
        );
        const { failed, report } = compareWithReferee(
          sample.map((e) => e.expected),
          fresh,
          ["--quiet"],
        );
        expect(report.split("\n").filter((l) => l.startsWith("FAIL"))).toEqual([]);
        expect(failed).toBe(0);
      },
      300_000,
    );

    it.skipIf(!live)(
      `${COUNT} fresh random traces from seed ${FIRST_SEED} (every mix, with and without --auto): zero differences from CPython ${referee.release}`,
      () => {
        const traces = generateTraces(differentialSpecs(COUNT, FIRST_SEED));
        const expected = refereeResults(
          traces.map((t) => t.path),
          referee.python!,
        );
        const r = compareAll(
          strategy,
          traces.map((t, k) => ({ path: t.path, expected: expected[k]! })),
          true,
        );
        const failures = r.failures.map(
          (l) =>
            `${l}  [gen_trace ${traces.find((t) => l.includes(`-${t.args.split(" ")[1]}`))?.args ?? "?"}]`,
        );
        console.log(`${strategy}: ${r.passed} of ${COUNT} random traces equal CPython ${referee.release}'s`);
        expect(failures).toEqual([]);
        expect({ passed: r.passed, failed: r.failed }).toEqual({ passed: COUNT, failed: 0 });
      },
      900_000,
    );
  });
}
