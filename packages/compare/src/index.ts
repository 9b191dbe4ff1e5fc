/**
 * @heaplab/compare — the comparison engine: runs workloads under strategies and gathers, from the
 * runtime's event stream and counters, time, allocation, collections, pauses, MMU, heap size, bytes
 * returned, fragmentation, leaks and finalizer timing; then states the findings in plain words.
 *
 * This entry point is the public API: one run, repeated runs, the workloads × strategies comparison, its
 * results (as records and CSV) and findings, the heap map, the demo's set, and heap-size sweeps (plan,
 * run, shard, merge). The number formatters, statistics and CSV cells heaplab's apps share are behind
 * `@heaplab/compare/internals`.
 *
 * @example
 * import { compareStrategies, findings } from "@heaplab/compare";
 * const results = compareStrategies([{ workload: "list-cycle" }], ["none"], { catalog });
 * console.log(findings(results));
 */
export {
  type CompareOptions,
  compareStrategies,
  type WorkloadChoice,
} from "./compare";
export { type CPythonFacts, cpythonFactsOf } from "./cpython-facts";
export {
  demoSet,
  demoSettings,
} from "./demo-set";
export { findings } from "./findings";
export {
  type HeapMap,
  heapMap,
  MapCell,
} from "./heap-map";
export {
  type RepeatOptions,
  runRepeated,
} from "./repeat";
export {
  type CollectionRecord,
  type FinalizerRecord,
  type HeapPoint,
  type RunResult,
  toCsv,
  toRecord,
} from "./result";
export {
  type RunOptions,
  type RunSpec,
  runOne,
} from "./run";
export type {
  FigureSpread,
  TimingFigure,
} from "./spread";
export {
  measureSweepRun,
  type SweepRun,
  type SweepTask,
} from "./sweep/measure";
export {
  checkPlan,
  DEFAULT_MULTIPLES,
  parseShard,
  type Shard,
  type SweepPlan,
} from "./sweep/plan";
export {
  mergeSweeps,
  type SweepPairResult,
  type SweepPoint,
  type SweepResult,
  sweepCsv,
} from "./sweep/result";
export {
  runSweep,
  type SweepOptions,
} from "./sweep/run-sweep";
export {
  findMinimumHeap,
  type MinimumHeap,
  type SearchBounds,
} from "./sweep/search";
export { sweepSet } from "./sweep/sweep-set";
export { type VersionFindings, versionFindings } from "./version-findings";
