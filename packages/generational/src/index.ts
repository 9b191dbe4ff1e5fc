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
  cpythonStrategy,
  createCPythonStrategy,
} from "./cpython-strategy";
export { CPythonGcModule } from "./gc-module";
