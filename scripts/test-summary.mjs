// Prints one line, `tests: N passed, N failed`, from vitest's JSON report (written by `pnpm test`, see
// vitest.config.ts), so the number of tests a run executed stands in the last line of a CI log.
// Exit status: 0 when the report exists and nothing failed, 1 otherwise.
import { existsSync, readFileSync } from "node:fs";

const file = process.argv[2] ?? ".vitest-report.json";
if (!existsSync(file)) {
  console.log("tests: 0 passed, 1 failed (no vitest report: the test run did not finish)");
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, "utf8"));
const passed = report.numPassedTests ?? 0;
// A test file that failed to load (no test of it reported) counts as one failure: its tests never ran.
// (`numFailedTestSuites` would count each failing describe block again.)
const unloaded = (report.testResults ?? []).filter(
  (f) => f.status === "failed" && (f.assertionResults ?? []).length === 0,
).length;
const failed = (report.numFailedTests ?? 0) + unloaded;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
