/**
 * What the comparison starts with. Chosen so that every strategy with a collector collects in each
 * workload (`test/compare-defaults.test.ts` runs them to check): the lab's small heaps
 * (`engine/small-heap.ts`) and scale 8. `leak-global-cache-fixed` is left out: its objects are ones
 * CPython's cycle collector never tracks, so `cpython-3.11` would show no collection there.
 *
 * @example
 * for (const w of DEFAULT_WORKLOADS) paramsFor(w, DEFAULT_SCALE);
 */
export const DEFAULT_WORKLOADS: readonly string[] = ["list-cycle", "leak-global-cache", "del-resources"];

/**
 * The "CPython versions" preset's workloads: the seeds' programs where the versions' collectors
 * differ visibly — cycles (threshold 0, the eval breaker), finalizers in cycles (when `__del__` runs),
 * young survivors (the incremental collector's increments) and a table of tuples (3.14 counting only
 * tracked objects).
 *
 * @example
 * for (const w of VERSION_WORKLOADS) paramsFor(w, VERSION_SCALE);
 */
export const VERSION_WORKLOADS: readonly string[] = [
  "list-cycle",
  "del-resources",
  "binary-trees",
  "csv-load-all",
];

/** The preset's scale: the sizes `pnpm demo` runs, so the lab's version findings read as the demo's. */
export const VERSION_SCALE = 1;

/** The catalog's CPython versions: `cpython-3.11` … `cpython-3.14`. */
export const isCPythonVersion = (strategy: string): boolean => /^cpython-3\.\d+$/.test(strategy);

/** The scale control's first value: the workloads' counts times 8. */
export const DEFAULT_SCALE = 8;

/** Unmeasured runs before the measured ones: V8 compiles the collector's code on its first run. */
export const WARMUP_RUNS = 1;

/** Measured runs to start with: three give a median and a range. */
export const DEFAULT_RUNS = 3;
