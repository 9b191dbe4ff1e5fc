/**
 * @heaplab/generational — CPython 3.11's generational cycle collector on real bytes (`PyGC_Head` lists,
 * three generations and the permanent one, each step of `gc_collect_main` in `steps/`), the `gc`
 * module, and the `cpython-3.11` strategy that composes it with `@heaplab/refcount`'s heap.
 *
 * @example
 * import { cpythonStrategy } from "@heaplab/generational";
 * const rt = new Runtime(cpythonStrategy.create({}));
 */
export * from "./collect-generations";
export * from "./collect-main";
export * from "./collector";
export * from "./cpython-strategy";
export * from "./debug-stats";
export * from "./gc-list";
export * from "./gc-module";
export * from "./incremental/cpython-314-strategy";
export * from "./incremental/incremental-collector";
export * from "./incremental/incremental-gc-module";
export * from "./verify-generations";
