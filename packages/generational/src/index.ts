/**
 * @heaplab/generational — CPython 3.11's generational cycle collector on real bytes (`PyGC_Head` lists,
 * three generations and the permanent one, each step of `gc_collect_main` in `steps/`), the `gc`
 * module, and the `cpython-3.11` strategy that composes it with `@heaplab/refcount`'s heap.
 *
 * This entry point is the public API: the strategy, its `gc` module and the types that module's
 * methods take and return. The collector's lists and steps are the strategy's own parts.
 *
 * @example
 * import { cpythonStrategy } from "@heaplab/generational";
 * const rt = new Runtime(cpythonStrategy.create({}));
 */
export type { GcCallback } from "./collect-generations";
export type { GenerationStats } from "./collector";
export {
  CPythonStrategy,
  cpython312Strategy,
  cpython313Strategy,
  cpythonStrategies,
  cpythonStrategy,
  cpythonStrategyFor,
  createCPythonStrategy,
} from "./cpython-strategy";
export { CPythonGcModule } from "./gc-module";
export {
  CPython314Strategy,
  cpython314Strategy,
  createCPython314Strategy,
} from "./incremental/cpython-314-strategy";
export { IncrementalGcModule } from "./incremental/incremental-gc-module";
