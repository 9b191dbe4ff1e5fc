/**
 * Records the referee's results on the shared examples and `more/` traces under CPython 3.12 and 3.13
 * into `fixtures/referee-results/<version>/`, so the exactness tests of `cpython-3.12` and `cpython-3.13` run on
 * a machine without those interpreters. Run after the shared traces change:
 *
 *     node --conditions=@heaplab/source --import tsx apps/cli/test/record-referee.ts [3.12.1 3.13.0]
 */
import { findReferee, recordStoredResults } from "./referee";

const releases = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["3.12.1", "3.13.0"];
for (const release of releases) {
  const referee = findReferee(release);
  const t0 = performance.now();
  const n = recordStoredResults(referee);
  console.log(
    `${referee.python} (${referee.release}): ${n} results in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
